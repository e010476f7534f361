/*! HoloMat cards, built from sources sha256=2d2f62accf71c33a22f86ce47bcc80dc5d568d829af247cb26795aa44ee1ef77 */
var j=globalThis,V=j.ShadowRoot&&(j.ShadyCSS===void 0||j.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,it=Symbol(),yt=new WeakMap,M=class{constructor(t,e,i){if(this._$cssResult$=!0,i!==it)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(V&&t===void 0){let i=e!==void 0&&e.length===1;i&&(t=yt.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),i&&yt.set(e,t))}return t}toString(){return this.cssText}},_t=r=>new M(typeof r=="string"?r:r+"",void 0,it),_=(r,...t)=>{let e=r.length===1?r[0]:t.reduce((i,s,n)=>i+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+r[n+1],r[0]);return new M(e,r,it)},$t=(r,t)=>{if(V)r.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let i=document.createElement("style"),s=j.litNonce;s!==void 0&&i.setAttribute("nonce",s),i.textContent=e.cssText,r.appendChild(i)}},st=V?r=>r:r=>r instanceof CSSStyleSheet?(t=>{let e="";for(let i of t.cssRules)e+=i.cssText;return _t(e)})(r):r;var{is:Gt,defineProperty:Qt,getOwnPropertyDescriptor:Zt,getOwnPropertyNames:Xt,getOwnPropertySymbols:Yt,getPrototypeOf:te}=Object,W=globalThis,bt=W.trustedTypes,ee=bt?bt.emptyScript:"",ie=W.reactiveElementPolyfillSupport,T=(r,t)=>r,rt={toAttribute(r,t){switch(t){case Boolean:r=r?ee:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,t){let e=r;switch(t){case Boolean:e=r!==null;break;case Number:e=r===null?null:Number(r);break;case Object:case Array:try{e=JSON.parse(r)}catch{e=null}}return e}},At=(r,t)=>!Gt(r,t),wt={attribute:!0,type:String,converter:rt,reflect:!1,useDefault:!1,hasChanged:At};Symbol.metadata??=Symbol("metadata"),W.litPropertyMetadata??=new WeakMap;var $=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=wt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let i=Symbol(),s=this.getPropertyDescriptor(t,i,e);s!==void 0&&Qt(this.prototype,t,s)}}static getPropertyDescriptor(t,e,i){let{get:s,set:n}=Zt(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:s,set(o){let c=s?.call(this);n?.call(this,o),this.requestUpdate(t,c,i)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??wt}static _$Ei(){if(this.hasOwnProperty(T("elementProperties")))return;let t=te(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(T("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(T("properties"))){let e=this.properties,i=[...Xt(e),...Yt(e)];for(let s of i)this.createProperty(s,e[s])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[i,s]of e)this.elementProperties.set(i,s)}this._$Eh=new Map;for(let[e,i]of this.elementProperties){let s=this._$Eu(e,i);s!==void 0&&this._$Eh.set(s,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let i=new Set(t.flat(1/0).reverse());for(let s of i)e.unshift(st(s))}else t!==void 0&&e.push(st(t));return e}static _$Eu(t,e){let i=e.attribute;return i===!1?void 0:typeof i=="string"?i:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let i of e.keys())this.hasOwnProperty(i)&&(t.set(i,this[i]),delete this[i]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return $t(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,i){this._$AK(t,i)}_$ET(t,e){let i=this.constructor.elementProperties.get(t),s=this.constructor._$Eu(t,i);if(s!==void 0&&i.reflect===!0){let n=(i.converter?.toAttribute!==void 0?i.converter:rt).toAttribute(e,i.type);this._$Em=t,n==null?this.removeAttribute(s):this.setAttribute(s,n),this._$Em=null}}_$AK(t,e){let i=this.constructor,s=i._$Eh.get(t);if(s!==void 0&&this._$Em!==s){let n=i.getPropertyOptions(s),o=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:rt;this._$Em=s;let c=o.fromAttribute(e,n.type);this[s]=c??this._$Ej?.get(s)??c,this._$Em=null}}requestUpdate(t,e,i,s=!1,n){if(t!==void 0){let o=this.constructor;if(s===!1&&(n=this[t]),i??=o.getPropertyOptions(t),!((i.hasChanged??At)(n,e)||i.useDefault&&i.reflect&&n===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,i))))return;this.C(t,e,i)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:i,reflect:s,wrapped:n},o){i&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),n!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||i||(e=void 0),this._$AL.set(t,e)),s===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,n]of this._$Ep)this[s]=n;this._$Ep=void 0}let i=this.constructor.elementProperties;if(i.size>0)for(let[s,n]of i){let{wrapped:o}=n,c=this[s];o!==!0||this._$AL.has(s)||c===void 0||this.C(s,void 0,n,c)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(i=>i.hostUpdate?.()),this.update(e)):this._$EM()}catch(i){throw t=!1,this._$EM(),i}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};$.elementStyles=[],$.shadowRootOptions={mode:"open"},$[T("elementProperties")]=new Map,$[T("finalized")]=new Map,ie?.({ReactiveElement:$}),(W.reactiveElementVersions??=[]).push("2.1.2");var pt=globalThis,xt=r=>r,B=pt.trustedTypes,St=B?B.createPolicy("lit-html",{createHTML:r=>r}):void 0,Pt="$lit$",A=`lit$${Math.random().toFixed(9).slice(2)}$`,Mt="?"+A,se=`<${Mt}>`,E=document,N=()=>E.createComment(""),O=r=>r===null||typeof r!="object"&&typeof r!="function",mt=Array.isArray,re=r=>mt(r)||typeof r?.[Symbol.iterator]=="function",nt=`[ 	
\f\r]`,U=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Et=/-->/g,Ct=/>/g,x=RegExp(`>|${nt}(?:([^\\s"'>=/]+)(${nt}*=${nt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Ht=/'/g,kt=/"/g,Tt=/^(?:script|style|textarea|title)$/i,ut=r=>(t,...e)=>({_$litType$:r,strings:t,values:e}),d=ut(1),we=ut(2),Ae=ut(3),C=Symbol.for("lit-noChange"),a=Symbol.for("lit-nothing"),Rt=new WeakMap,S=E.createTreeWalker(E,129);function Ut(r,t){if(!mt(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return St!==void 0?St.createHTML(t):t}var ne=(r,t)=>{let e=r.length-1,i=[],s,n=t===2?"<svg>":t===3?"<math>":"",o=U;for(let c=0;c<e;c++){let l=r[c],m,h,u=-1,f=0;for(;f<l.length&&(o.lastIndex=f,h=o.exec(l),h!==null);)f=o.lastIndex,o===U?h[1]==="!--"?o=Et:h[1]!==void 0?o=Ct:h[2]!==void 0?(Tt.test(h[2])&&(s=RegExp("</"+h[2],"g")),o=x):h[3]!==void 0&&(o=x):o===x?h[0]===">"?(o=s??U,u=-1):h[1]===void 0?u=-2:(u=o.lastIndex-h[2].length,m=h[1],o=h[3]===void 0?x:h[3]==='"'?kt:Ht):o===kt||o===Ht?o=x:o===Et||o===Ct?o=U:(o=x,s=void 0);let v=o===x&&r[c+1].startsWith("/>")?" ":"";n+=o===U?l+se:u>=0?(i.push(m),l.slice(0,u)+Pt+l.slice(u)+A+v):l+A+(u===-2?c:v)}return[Ut(r,n+(r[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),i]},L=class r{constructor({strings:t,_$litType$:e},i){let s;this.parts=[];let n=0,o=0,c=t.length-1,l=this.parts,[m,h]=ne(t,e);if(this.el=r.createElement(m,i),S.currentNode=this.el.content,e===2||e===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(s=S.nextNode())!==null&&l.length<c;){if(s.nodeType===1){if(s.hasAttributes())for(let u of s.getAttributeNames())if(u.endsWith(Pt)){let f=h[o++],v=s.getAttribute(u).split(A),I=/([.?@])?(.*)/.exec(f);l.push({type:1,index:n,name:I[2],strings:v,ctor:I[1]==="."?at:I[1]==="?"?dt:I[1]==="@"?lt:k}),s.removeAttribute(u)}else u.startsWith(A)&&(l.push({type:6,index:n}),s.removeAttribute(u));if(Tt.test(s.tagName)){let u=s.textContent.split(A),f=u.length-1;if(f>0){s.textContent=B?B.emptyScript:"";for(let v=0;v<f;v++)s.append(u[v],N()),S.nextNode(),l.push({type:2,index:++n});s.append(u[f],N())}}}else if(s.nodeType===8)if(s.data===Mt)l.push({type:2,index:n});else{let u=-1;for(;(u=s.data.indexOf(A,u+1))!==-1;)l.push({type:7,index:n}),u+=A.length-1}n++}}static createElement(t,e){let i=E.createElement("template");return i.innerHTML=t,i}};function H(r,t,e=r,i){if(t===C)return t;let s=i!==void 0?e._$Co?.[i]:e._$Cl,n=O(t)?void 0:t._$litDirective$;return s?.constructor!==n&&(s?._$AO?.(!1),n===void 0?s=void 0:(s=new n(r),s._$AT(r,e,i)),i!==void 0?(e._$Co??=[])[i]=s:e._$Cl=s),s!==void 0&&(t=H(r,s._$AS(r,t.values),s,i)),t}var ot=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:i}=this._$AD,s=(t?.creationScope??E).importNode(e,!0);S.currentNode=s;let n=S.nextNode(),o=0,c=0,l=i[0];for(;l!==void 0;){if(o===l.index){let m;l.type===2?m=new D(n,n.nextSibling,this,t):l.type===1?m=new l.ctor(n,l.name,l.strings,this,t):l.type===6&&(m=new ct(n,this,t)),this._$AV.push(m),l=i[++c]}o!==l?.index&&(n=S.nextNode(),o++)}return S.currentNode=E,s}p(t){let e=0;for(let i of this._$AV)i!==void 0&&(i.strings!==void 0?(i._$AI(t,i,e),e+=i.strings.length-2):i._$AI(t[e])),e++}},D=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,i,s){this.type=2,this._$AH=a,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=i,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=H(this,t,e),O(t)?t===a||t==null||t===""?(this._$AH!==a&&this._$AR(),this._$AH=a):t!==this._$AH&&t!==C&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):re(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==a&&O(this._$AH)?this._$AA.nextSibling.data=t:this.T(E.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:i}=t,s=typeof i=="number"?this._$AC(t):(i.el===void 0&&(i.el=L.createElement(Ut(i.h,i.h[0]),this.options)),i);if(this._$AH?._$AD===s)this._$AH.p(e);else{let n=new ot(s,this),o=n.u(this.options);n.p(e),this.T(o),this._$AH=n}}_$AC(t){let e=Rt.get(t.strings);return e===void 0&&Rt.set(t.strings,e=new L(t)),e}k(t){mt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,i,s=0;for(let n of t)s===e.length?e.push(i=new r(this.O(N()),this.O(N()),this,this.options)):i=e[s],i._$AI(n),s++;s<e.length&&(this._$AR(i&&i._$AB.nextSibling,s),e.length=s)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let i=xt(t).nextSibling;xt(t).remove(),t=i}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},k=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,i,s,n){this.type=1,this._$AH=a,this._$AN=void 0,this.element=t,this.name=e,this._$AM=s,this.options=n,i.length>2||i[0]!==""||i[1]!==""?(this._$AH=Array(i.length-1).fill(new String),this.strings=i):this._$AH=a}_$AI(t,e=this,i,s){let n=this.strings,o=!1;if(n===void 0)t=H(this,t,e,0),o=!O(t)||t!==this._$AH&&t!==C,o&&(this._$AH=t);else{let c=t,l,m;for(t=n[0],l=0;l<n.length-1;l++)m=H(this,c[i+l],e,l),m===C&&(m=this._$AH[l]),o||=!O(m)||m!==this._$AH[l],m===a?t=a:t!==a&&(t+=(m??"")+n[l+1]),this._$AH[l]=m}o&&!s&&this.j(t)}j(t){t===a?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},at=class extends k{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===a?void 0:t}},dt=class extends k{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==a)}},lt=class extends k{constructor(t,e,i,s,n){super(t,e,i,s,n),this.type=5}_$AI(t,e=this){if((t=H(this,t,e,0)??a)===C)return;let i=this._$AH,s=t===a&&i!==a||t.capture!==i.capture||t.once!==i.once||t.passive!==i.passive,n=t!==a&&(i===a||s);s&&this.element.removeEventListener(this.name,this,i),n&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},ct=class{constructor(t,e,i){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=i}get _$AU(){return this._$AM._$AU}_$AI(t){H(this,t)}};var oe=pt.litHtmlPolyfillSupport;oe?.(L,D),(pt.litHtmlVersions??=[]).push("3.3.3");var Nt=(r,t,e)=>{let i=e?.renderBefore??t,s=i._$litPart$;if(s===void 0){let n=e?.renderBefore??null;i._$litPart$=s=new D(t.insertBefore(N(),n),n,void 0,e??{})}return s._$AI(r),s};var ht=globalThis,b=class extends ${constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Nt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return C}};b._$litElement$=!0,b.finalized=!0,ht.litElementHydrateSupport?.({LitElement:b});var ae=ht.litElementPolyfillSupport;ae?.({LitElement:b});(ht.litElementVersions??=[]).push("4.2.2");function K(r){return(r.locale?.language??r.language??"en").split("-")[0]}function q(r){return r?.name_by_user||r?.name||""}function y(r){return r!==void 0&&r.state!=="unavailable"}function Ot(r,t,e){r.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}var Lt={printer_card:"HoloMat printer",printer_card_description:"A BambuLab printer: camera, job, temperatures, AMS, problems and controls.",model_card:"HoloMat 3D model",model_card_description:"The last model HoloMat made, in a 3D viewer you can turn and zoom.",assist_card:"HoloMat JARVIS",assist_card_description:"Talk to JARVIS (or any Assist agent) by typing.",workshop:"Workshop",pick_printer:"Pick a HoloMat printer in the card's settings.",pick_model_server:"Pick a HoloMat 3D model server in the card's settings.",unavailable:"Unavailable",offline:"The printer is offline or does not answer.",nozzle:"Nozzle",bed:"Bed",chamber:"Chamber",remaining:"Remaining",ends_at:"Ends at",layer:"Layer",external_spool:"External spool",empty:"Empty",active:"Printing from this tray",problems:"Problems",help:"Help",pause:"Pause",resume:"Resume",stop:"Stop",stop_confirm:"Stop the print? It cannot be resumed.",stop_yes:"Stop the print",cancel:"Cancel",speed:"Speed",light:"Light",no_model:"No model yet: ask JARVIS to turn a picture into one.",triangles:"Triangles",size:"Size",volume:"Volume",quality:"Quality",watertight:"Watertight",not_watertight:"Not watertight",download:"Download STL",make_again:"Make it again",making:"Making the model\u2026",viewer_loading:"Loading the 3D viewer\u2026",viewer_failed:"This browser cannot show 3D (no WebGL): here is the preview.",say_something:"Ask JARVIS\u2026",send:"Send",minutes:"{m} min",hours_minutes:"{h} h {m} min",device:"Device",entity:"Last model image (instead of a device)",agent:"Assist agent",title:"Title"},de={printer_card:"Imprimante HoloMat",printer_card_description:"Une imprimante BambuLab : cam\xE9ra, impression, temp\xE9ratures, AMS, probl\xE8mes et commandes.",model_card:"Mod\xE8le 3D HoloMat",model_card_description:"Le dernier mod\xE8le cr\xE9\xE9 par HoloMat, dans une vue 3D \xE0 tourner et agrandir.",assist_card:"JARVIS HoloMat",assist_card_description:"Parler \xE0 JARVIS (ou \xE0 un autre agent Assist) par \xE9crit.",workshop:"Atelier",pick_printer:"Choisissez une imprimante HoloMat dans les r\xE9glages de la carte.",pick_model_server:"Choisissez un serveur de mod\xE8les 3D HoloMat dans les r\xE9glages de la carte.",unavailable:"Indisponible",offline:"L'imprimante est \xE9teinte ou ne r\xE9pond pas.",nozzle:"Buse",bed:"Plateau",chamber:"Caisson",remaining:"Reste",ends_at:"Fin \xE0",layer:"Couche",external_spool:"Bobine externe",empty:"Vide",active:"Impression depuis ce bac",problems:"Probl\xE8mes",help:"Aide",pause:"Pause",resume:"Reprendre",stop:"Arr\xEAter",stop_confirm:"Arr\xEAter l'impression ? Elle ne pourra pas reprendre.",stop_yes:"Arr\xEAter l'impression",cancel:"Annuler",speed:"Vitesse",light:"\xC9clairage",no_model:"Pas encore de mod\xE8le : demandez \xE0 JARVIS d'en faire un \xE0 partir d'une image.",triangles:"Triangles",size:"Taille",volume:"Volume",quality:"Qualit\xE9",watertight:"\xC9tanche",not_watertight:"Non \xE9tanche",download:"T\xE9l\xE9charger le STL",make_again:"Le refaire",making:"Cr\xE9ation du mod\xE8le\u2026",viewer_loading:"Chargement de la vue 3D\u2026",viewer_failed:"Ce navigateur ne sait pas afficher la 3D (pas de WebGL) : voici l'aper\xE7u.",say_something:"Demandez \xE0 JARVIS\u2026",send:"Envoyer",minutes:"{m} min",hours_minutes:"{h} h {m} min",device:"Appareil",entity:"Image du dernier mod\xE8le (au lieu d'un appareil)",agent:"Agent Assist",title:"Titre"},le={en:Lt,fr:de};function p(r,t,e={}){return(r&&le[K(r)]||Lt)[t].replace(/\{(\w+)\}/g,(s,n)=>String(e[n]??""))}function Dt(r,t){let e=Math.max(0,Math.round(t));return e<60?p(r,"minutes",{m:e}):p(r,"hours_minutes",{h:Math.floor(e/60),m:String(e%60).padStart(2,"0")})}function zt(r,t){return new Intl.DateTimeFormat(r.locale?.language??r.language,{hour:"numeric",minute:"2-digit"}).format(t)}var g=class extends b{static{this.properties={hass:{attribute:!1},config:{state:!0}}}setConfig(t){this.config=t}shouldUpdate(t){if(t.has("config")||!t.has("hass"))return!0;let e=t.get("hass"),i=this.hass;return!e||!i||e.entities!==i.entities||e.devices!==i.devices||e.language!==i.language||e.themes!==i.themes?!0:this.watchedEntities(i).some(s=>e.states[s]!==i.states[s])}static{this.styles=_`
    :host {
      display: block;
    }
    ha-card {
      padding: 16px;
      color: var(--primary-text-color);
      height: 100%;
      box-sizing: border-box;
    }
    .title {
      font-size: var(--ha-font-size-xl, 20px);
      font-weight: var(--ha-font-weight-medium, 500);
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .muted {
      color: var(--secondary-text-color);
    }
    .hint {
      color: var(--secondary-text-color);
      padding: 8px 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-top: 12px;
    }
    button.action {
      font: inherit;
      border: 1px solid var(--divider-color);
      border-radius: 18px;
      padding: 6px 14px;
      background: var(--secondary-background-color, transparent);
      color: var(--primary-text-color);
      cursor: pointer;
    }
    button.action:disabled {
      color: var(--disabled-text-color);
      cursor: default;
    }
    button.danger {
      background: var(--error-color);
      border-color: var(--error-color);
      color: var(--text-primary-color, #fff);
    }
    button.primary {
      background: var(--primary-color);
      border-color: var(--primary-color);
      color: var(--text-primary-color, #fff);
    }
  `}},F=class extends b{static{this.properties={hass:{attribute:!1},schema:{attribute:!1},labels:{attribute:!1},config:{state:!0}}}setConfig(t){this.config=t}render(){return d`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${this.schema}
      .computeLabel=${t=>p(this.hass,this.labels[t.name])}
      @value-changed=${this.changed}
    ></ha-form>`}changed(t){t.stopPropagation();let e={...t.detail.value};for(let[i,s]of Object.entries(e))(s===""||s===void 0)&&delete e[i];Ot(this,"config-changed",{config:e})}};function R(r,t){let e=document.createElement("holomat-card-editor");return e.schema=r,e.labels=t,e}var z="holomat";function P(r,t){let e={};if(!t)return e;for(let i of Object.values(r.entities??{}))i.device_id===t&&i.platform===z&&i.translation_key&&(e[i.translation_key]??=i.entity_id);return e}function It(r,t){let e=Object.values(r.entities??{}).filter(i=>i.platform===z&&i.translation_key===t).map(i=>i.device_id).filter(i=>!!i&&i in(r.devices??{}));return[...new Set(e)].sort((i,s)=>(r.devices[i].name??"").localeCompare(r.devices[s].name??""))}var J=r=>It(r,"print_status"),G=r=>It(r,"last_model"),ce=new Intl.Collator("en",{numeric:!0});function pe(r){for(let[t,e]of r.identifiers??[]){let i=t===z?/_ams_(\d+)$/.exec(e):null;if(i)return Number(i[1])}}function gt(r,t){let e=[];for(let i of Object.values(r.devices??{})){let s=i.via_device_id===t?pe(i):void 0;if(s===void 0)continue;let n=Object.values(r.entities).filter(c=>c.device_id===i.id&&c.translation_key==="ams_tray").map(c=>c.entity_id).sort(ce.compare),o=P(r,i.id);e.push({device:i,amsId:s,trays:n,humidity:o.ams_humidity,temperature:o.ams_temperature})}return e.sort((i,s)=>i.amsId-s.amsId)}function jt(r,t){let e=Object.values(P(r,t));for(let i of gt(r,t))e.push(...i.trays),i.humidity&&e.push(i.humidity);return e}function me(r){return Object.values(r.entities??{}).filter(t=>t.platform===z&&t.entity_id.startsWith("conversation.")).map(t=>t.entity_id).sort()[0]}var Q=class extends g{constructor(){super();this.conversationId=null;this.turns=[],this.waiting=!1}static{this.properties={...g.properties,turns:{state:!0},waiting:{state:!0}}}static getConfigElement(){return R([{name:"agent_id",selector:{conversation_agent:{}}},{name:"title",selector:{text:{}}}],{agent_id:"agent",title:"title"})}static getStubConfig(){return{}}getCardSize(){return 6}watchedEntities(){return[]}agent(e){return this.config?.agent_id||me(e)}render(){let e=this.hass;if(!e)return a;let i=this.agent(e),s=this.config?.title||i&&e.states[i]?.attributes.friendly_name||"JARVIS";return d`<ha-card>
      <div class="title">${s}</div>
      <div class="turns" data-field="turns">
        ${this.turns.map(n=>d`<div class="turn ${n.who}">${n.text}</div>`)}
        ${this.waiting?d`<div class="turn agent muted">…</div>`:a}
      </div>
      <form class="row" @submit=${this.send}>
        <input name="text" autocomplete="off" placeholder=${p(e,"say_something")} />
        <button class="action primary" ?disabled=${this.waiting}>${p(e,"send")}</button>
      </form>
    </ha-card>`}async send(e){e.preventDefault();let i=e.target.elements.namedItem("text"),s=i.value.trim(),n=this.hass;if(!(!s||!n||this.waiting)){i.value="",this.turns=[...this.turns,{who:"user",text:s}],this.waiting=!0;try{let o=await n.callWS({type:"conversation/process",text:s,agent_id:this.agent(n),conversation_id:this.conversationId,language:K(n)});this.conversationId=o.conversation_id;let c=o.response.speech?.plain?.speech??"";this.turns=[...this.turns,{who:"agent",text:c}]}catch(o){let c=o.message??String(o);this.turns=[...this.turns,{who:"error",text:c}]}finally{this.waiting=!1}}}static{this.styles=[g.styles,_`
      .turns {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin-top: 12px;
        max-height: 360px;
        overflow-y: auto;
      }
      .turn {
        max-width: 80%;
        padding: 8px 12px;
        border-radius: 12px;
        white-space: pre-wrap;
      }
      .turn.user {
        align-self: flex-end;
        background: var(--primary-color);
        color: var(--text-primary-color, #fff);
      }
      .turn.agent {
        align-self: flex-start;
        background: var(--secondary-background-color);
      }
      .turn.error {
        align-self: flex-start;
        color: var(--error-color);
      }
      input {
        flex: 1;
        font: inherit;
        padding: 8px 12px;
        border-radius: 18px;
        border: 1px solid var(--divider-color);
        background: var(--card-background-color);
        color: var(--primary-text-color);
      }
    `]}};var ue=256;function he(r){if(!(typeof r!="string"||!r)){if(r.startsWith("camera."))return{camera_entity_id:r};if(r.startsWith("media-source://"))return{media:r};if(/^https?:\/\//.test(r))return{image_url:r};if(r.startsWith("/"))return{image_path:r}}}var Z=class extends g{constructor(){super();this.visible=!1;this.viewerState="idle",this.making=!1}static{this.properties={...g.properties,viewerState:{state:!0},making:{state:!0}}}static getConfigElement(){return R([{name:"device_id",selector:{device:{filter:{integration:"holomat",manufacturer:"HoloMat"},entity:{domain:"image"}}}},{name:"entity",selector:{entity:{domain:"image",integration:"holomat"}}},{name:"title",selector:{text:{}}}],{device_id:"device",entity:"entity",title:"title"})}static getStubConfig(e){return{device_id:G(e)[0]??""}}getCardSize(){return 7}get entityId(){let e=this.config??{};return typeof e.entity=="string"&&e.entity?e.entity:this.hass?P(this.hass,e.device_id).last_model:void 0}watchedEntities(){return this.entityId?[this.entityId]:[]}connectedCallback(){super.connectedCallback(),this.observer=new IntersectionObserver(e=>{this.visible=e.some(i=>i.isIntersecting),this.visible&&this.loadModel()}),this.observer.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.observer?.disconnect(),this.viewer?.dispose(),this.viewer=void 0,this.shownUrl=void 0,this.viewerState="idle"}updated(e){this.visible&&this.loadModel();let i=e.get("hass");this.viewer&&i&&i.themes!==this.hass?.themes&&this.viewer.setColors(this.colors())}colors(){let e=getComputedStyle(this),i=(s,n)=>e.getPropertyValue(s).trim()||n;return{background:i("--card-background-color","#ffffff"),plate:i("--secondary-background-color","#e5e5e5"),grid:i("--divider-color","#bdbdbd"),model:i("--primary-color","#03a9f4")}}async loadModel(){let i=(this.entityId?this.hass?.states[this.entityId]:void 0)?.attributes.stl_url,s=this.renderRoot.querySelector(".viewer");if(!(!this.hass||typeof i!="string"||!s||i===this.shownUrl)&&this.viewerState!=="loading"){this.viewerState="loading",this.shownUrl=i;try{let[{StlViewer:n},o]=await Promise.all([import("./viewer-NU743W2G.js"),this.hass.fetchWithAuth(i)]);if(!o.ok)throw new Error(`${i}: HTTP ${o.status}`);let c=await o.arrayBuffer();this.viewer??=new n(s,this.colors()),this.viewer.setPlate(Number(this.config?.plate_mm)||ue),this.viewer.show(c),this.viewerState="shown"}catch(n){console.warn("HoloMat model card: cannot show the model in 3D",n),this.viewerState="failed"}}}render(){let e=this.hass;if(!e)return a;let i=this.entityId?e.states[this.entityId]:void 0;if(!i)return d`<ha-card><div class="hint">${p(e,"pick_model_server")}</div></ha-card>`;let s=e.entities[i.entity_id]?.device_id,n=this.config?.title||q(s?e.devices[s]:void 0),o=typeof i.attributes.stl_url=="string";return d`<ha-card>
      <div class="title">${n}</div>
      ${o?d`<div class="viewer" data-field="viewer" data-state=${this.viewerState}>
              ${this.viewerState==="failed"?d`<div class="muted">${p(e,"viewer_failed")}</div>
                    <img src=${i.attributes.entity_picture} alt="" />`:a}
              ${this.viewerState==="loading"||this.viewerState==="idle"?d`<div class="muted loading">${p(e,"viewer_loading")}</div>`:a}
            </div>
            ${this.facts(e,i)} ${this.actions(e,i)}`:d`<div class="hint" data-field="no-model">${p(e,"no_model")}</div>`}
    </ha-card>`}facts(e,i){let s=i.attributes,n=(l,m=0)=>typeof l=="number"?new Intl.NumberFormat(e.locale?.language??e.language,{maximumFractionDigits:m}).format(l):"\u2013",o=Array.isArray(s.size_mm)?s.size_mm.map(l=>n(l,1)).join(" \xD7 "):"\u2013",c=(l,m,h)=>d`<div class="fact" data-field=${l}><span class="muted">${m}</span>${h}</div>`;return d`<div class="facts">
      ${c("triangles",p(e,"triangles"),n(s.triangles))}
      ${c("size",p(e,"size"),`${o} mm`)}
      ${c("volume",p(e,"volume"),`${n(Number(s.volume_mm3)/1e3,1)} cm\xB3`)}
      ${s.quality===null||s.quality===void 0?a:c("quality",p(e,"quality"),`${n(Number(s.quality)*100)} %`)}
      ${s.watertight===void 0?a:d`<div class="fact muted">${p(e,s.watertight?"watertight":"not_watertight")}</div>`}
    </div>`}actions(e,i){let s=e.user?.is_admin?he(i.attributes.source):void 0;return d`<div class="row">
      <button class="action" data-action="download" @click=${()=>this.download(i)}>
        ${p(e,"download")}
      </button>
      ${s&&y(i)?d`<button
            class="action primary"
            data-action="make-again"
            ?disabled=${this.making}
            @click=${()=>this.makeAgain(e,i,s)}
          >
            ${this.making?p(e,"making"):p(e,"make_again")}
          </button>`:a}
    </div>`}async download(e){let i=e.attributes.stl_url,{path:s}=await this.hass.callWS({type:"auth/sign_path",path:i}),n=document.createElement("a");n.href=s,n.download=i.split("/").pop()??"model.stl",n.click()}async makeAgain(e,i,s){let n=e.entities[i.entity_id]?.device_id,o=n?e.devices[n]?.config_entries?.[0]:void 0;this.making=!0;try{await e.callService("holomat","generate_3d_model",{...s,...o?{config_entry_id:o}:{},...typeof i.attributes.method=="string"?{method:i.attributes.method}:{}})}finally{this.making=!1}}static{this.styles=[g.styles,_`
      .viewer {
        position: relative;
        height: 280px;
        margin: 12px -16px 0;
        background: var(--secondary-background-color);
        overflow: hidden;
      }
      .viewer canvas {
        display: block;
        touch-action: none;
      }
      .viewer img {
        width: 100%;
        height: 100%;
        object-fit: contain;
      }
      .loading {
        position: absolute;
        inset: 0;
        display: flex;
        align-items: center;
        justify-content: center;
      }
      .facts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
        gap: 8px;
        margin-top: 12px;
      }
      .fact {
        display: flex;
        flex-direction: column;
      }
    `]}};function w(r,t){let e=t?r.states[t]:void 0,i=e?Number.parseFloat(e.state):Number.NaN;return Number.isFinite(i)?i:void 0}var Vt=r=>r===void 0?"\u2013":`${Math.round(r)} \xB0C`;function ft(r,t,e,i){if(!e)return a;let s=w(r,i);return d`<div class="temperature" data-field=${t}>
    <span class="muted">${p(r,t)}</span>
    <span class="value">
      ${Vt(w(r,e))}${s?d`<span class="muted"> / ${Vt(s)}</span>`:a}
    </span>
  </div>`}function Bt(r,t){return d`<div class="temperatures">
    ${ft(r,"nozzle",t.nozzle_temperature,t.nozzle_target_temperature)}
    ${ft(r,"bed",t.bed_temperature,t.bed_target_temperature)}
    ${ft(r,"chamber",t.chamber_temperature,void 0)}
  </div>`}function Wt(r,t,e){let i=r.states[t],s=i?.attributes??{},n=!i||i.state==="empty"||!y(i),o=typeof s.color=="string"?s.color:void 0,c=typeof s.remaining=="number"?s.remaining:void 0,l=s.active===!0;return d`<div
    class="tray ${l?"active":""}"
    data-field="tray"
    data-entity=${t}
    data-active=${l?"true":"false"}
    title=${l?p(r,"active"):e}
  >
    <div class="spool" style=${n||!o?"":`background:${o}`}></div>
    <div class="tray-type">${n?p(r,"empty"):i.state}</div>
    <div class="muted">${c===void 0||n?"":`${c} %`}</div>
  </div>`}function Kt(r,t,e){return!t.length&&!e?a:d`<div class="ams">
    ${t.map(i=>d`<div class="ams-unit" data-field="ams">
        <div class="muted">
          ${i.device.name_by_user||i.device.name}${i.humidity&&w(r,i.humidity)!==void 0?d` · ${w(r,i.humidity)} %`:a}
        </div>
        <div class="trays">${i.trays.map((s,n)=>Wt(r,s,`${n+1}`))}</div>
      </div>`)}
    ${e?d`<div class="ams-unit">
          <div class="muted">${p(r,"external_spool")}</div>
          <div class="trays">${Wt(r,e,p(r,"external_spool"))}</div>
        </div>`:a}
  </div>`}function qt(r,t){let e=t.hms_problem?r.states[t.hms_problem]:void 0,i=(e?.state==="on"?e.attributes.codes:[])??[],s=t.print_error?r.states[t.print_error]:void 0,n=s?.state==="on"?s.attributes.description:"";return!i.length&&!n?a:d`<div class="problems" data-field="problems">
    <div class="problems-title">${p(r,"problems")}</div>
    ${n?d`<div>${n}</div>`:a}
    ${i.map(o=>d`<div class="hms" data-field="hms">
        <span>${o.code}${o.module?` \xB7 ${o.module}`:""}</span>
        ${o.url?d`<a href=${o.url} target="_blank" rel="noreferrer">${p(r,"help")}</a>`:a}
      </div>`)}
  </div>`}var X=class{constructor(t){this.requestUpdate=t}render(t,e){if(e.camera){let s=this.cameraElement(e.camera);return s&&(s.hass=t),d`<div class="media" data-field="camera">${s??a}</div>`}let i=e.cover_image?t.states[e.cover_image]?.attributes.entity_picture:void 0;return typeof i=="string"?d`<div class="media" data-field="cover_image"><img src=${i} alt="" /></div>`:a}cameraElement(t){if(this.camera?.entityId===t)return this.camera.element;this.camera=void 0,window.loadCardHelpers?.().then(e=>{let i=e.createCardElement({type:"picture-entity",entity:t,camera_view:"live",show_name:!1,show_state:!1});this.camera={entityId:t,element:i},this.requestUpdate()})}};var Ft=_`
  .title {
    justify-content: space-between;
  }
  .status {
    font-size: var(--ha-font-size-m, 14px);
    padding: 2px 10px;
    border-radius: 12px;
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  .status.offline {
    background: var(--disabled-text-color, grey);
  }
  .media {
    margin: 12px -16px 0;
  }
  .media img {
    display: block;
    width: 100%;
    max-height: 320px;
    object-fit: contain;
    background: var(--secondary-background-color);
  }
  .job {
    margin-top: 12px;
  }
  .task {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 8px;
  }
  .bar {
    flex: 1;
    height: 8px;
    border-radius: 4px;
    background: var(--divider-color);
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.5s;
  }
  .temperatures {
    display: flex;
    gap: 16px;
    margin-top: 12px;
  }
  .temperature {
    display: flex;
    flex-direction: column;
  }
  .value {
    font-size: var(--ha-font-size-l, 16px);
    white-space: nowrap;
  }
  .ams {
    margin-top: 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .trays {
    display: flex;
    gap: 8px;
    margin-top: 4px;
  }
  .tray {
    flex: 1;
    max-width: 72px;
    text-align: center;
    padding: 6px 4px;
    border-radius: 8px;
    border: 2px solid transparent;
    font-size: var(--ha-font-size-s, 12px);
  }
  .tray.active {
    border-color: var(--primary-color);
    background: var(--secondary-background-color);
  }
  .spool {
    width: 28px;
    height: 28px;
    margin: 0 auto 4px;
    border-radius: 50%;
    border: 2px dashed var(--divider-color);
    box-sizing: border-box;
  }
  .spool[style] {
    border: 1px solid var(--divider-color);
  }
  .tray-type {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .problems {
    margin-top: 12px;
    padding: 8px 12px;
    border-radius: 8px;
    border-left: 4px solid var(--error-color);
    background: var(--secondary-background-color);
  }
  .problems-title {
    color: var(--error-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .hms {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  .hms a {
    color: var(--primary-color);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin-top: 8px;
    padding: 8px 12px;
    border-radius: 8px;
    background: var(--secondary-background-color);
  }
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color);
    border: 1px solid var(--divider-color);
    border-radius: 8px;
    padding: 4px;
  }
`;var Y=new Set(["running","prepare","slicing","init"]),ge=new Set([...Y,"pause","finish","failed"]),tt=class extends g{constructor(){super(...arguments);this.media=new X(()=>this.requestUpdate())}static{this.properties={...g.properties,confirmingStop:{state:!0}}}static getConfigElement(){return R([{name:"device_id",selector:{device:{entity:[{integration:"holomat",domain:"select"}]}}}],{device_id:"device"})}static getStubConfig(e){return{device_id:J(e)[0]??""}}getCardSize(){return 8}watchedEntities(e){let i=this.config?.device_id;return i?jt(e,i):[]}render(){let e=this.hass,i=this.config?.device_id;if(!e)return a;let s=P(e,i);if(!i||!s.print_status)return d`<ha-card><div class="hint">${p(e,"pick_printer")}</div></ha-card>`;let n=e.states[s.print_status],o=s.online?e.states[s.online]?.state==="on":y(n);return d`<ha-card data-printer=${i} data-online=${o?"true":"false"}>
      <div class="title">
        <span>${q(e.devices[i])}</span>
        <span class="status ${o?"":"offline"}" data-field="status"
          >${o?e.formatEntityState(n):p(e,"unavailable")}</span
        >
      </div>
      ${o?d`${this.media.render(e,s)}
          ${ge.has(n.state)?this.job(e,s,n.state):a}
          ${Bt(e,s)}
          ${Kt(e,gt(e,i),s.external_spool)}
          ${qt(e,s)} ${this.controls(e,s,n.state)}`:d`<div class="hint" data-field="unavailable">${p(e,"offline")}</div>`}
    </ha-card>`}job(e,i,s){let n=Y.has(s)||s==="pause",o=w(e,i.progress),c=w(e,i.remaining_time),l=i.stage?e.states[i.stage]:void 0,m=i.task_name?e.states[i.task_name]?.state:void 0,h=i.end_time?e.states[i.end_time]?.state:void 0,u=h?new Date(h):void 0,f=w(e,i.current_layer),v=w(e,i.total_layers);return d`<div class="job">
      ${m&&y(e.states[i.task_name])&&m!=="unknown"?d`<div class="task" data-field="task">${m}</div>`:a}
      ${y(l)&&l.state!=="unknown"?d`<div class="muted" data-field="stage">${e.formatEntityState(l)}</div>`:a}
      ${o===void 0?a:d`<div class="progress" data-field="progress" data-value=${o}>
            <div class="bar"><div style="width:${Math.min(100,o)}%"></div></div>
            <span>${Math.round(o)} %</span>
          </div>`}
      <div class="row muted">
        ${!n||c===void 0||c<=0?a:d`<span data-field="remaining"
              >${p(e,"remaining")} ${Dt(e,c)}</span
            >`}
        ${n&&u&&!Number.isNaN(u.getTime())&&c?d`<span data-field="end_time">${p(e,"ends_at")} ${zt(e,u)}</span>`:a}
        ${f!==void 0&&v?d`<span data-field="layer">${p(e,"layer")} ${f} / ${v}</span>`:a}
      </div>
    </div>`}controls(e,i,s){let n=m=>e.callService("button","press",{entity_id:m}),o=(m,h)=>i[m]&&h?d`<button class="action" data-action=${m} @click=${()=>n(i[m])}>
            ${p(e,m)}
          </button>`:a,c=Y.has(s)||s==="pause",l=i.stop&&c;return d`<div class="row controls">
        ${o("pause",Y.has(s))} ${o("resume",s==="pause")}
        ${l&&!this.confirmingStop?d`<button class="action" data-action="stop" @click=${()=>this.confirmingStop=!0}>
              ${p(e,"stop")}
            </button>`:a}
        ${this.speed(e,i.speed_profile)} ${this.light(e,i.chamber_light)}
      </div>
      ${l&&this.confirmingStop?d`<div class="confirm" data-field="stop-confirm">
            <span>${p(e,"stop_confirm")}</span>
            <button
              class="action danger"
              data-action="stop-confirm"
              @click=${()=>{this.confirmingStop=!1,n(i.stop)}}
            >
              ${p(e,"stop_yes")}
            </button>
            <button class="action" data-action="stop-cancel" @click=${()=>this.confirmingStop=!1}>
              ${p(e,"cancel")}
            </button>
          </div>`:a}`}speed(e,i){let s=i?e.states[i]:void 0;if(!y(s))return a;let n=s.attributes.options??[],o=c=>e.callService("select","select_option",{entity_id:i,option:c.target.value});return d`<label class="speed muted"
      >${p(e,"speed")}
      <select data-field="speed" @change=${o}>
        ${n.map(c=>d`<option value=${c} ?selected=${c===s.state}>
            ${e.formatEntityState(s,c)}
          </option>`)}
      </select></label
    >`}light(e,i){let s=i?e.states[i]:void 0;if(!y(s))return a;let n=s.state==="on";return d`<button
      class="action ${n?"primary":""}"
      data-action="light"
      aria-pressed=${n?"true":"false"}
      @click=${()=>e.callService("light","toggle",{entity_id:i})}
    >
      ${p(e,"light")}
    </button>`}static{this.styles=[g.styles,Ft]}};var vt=r=>({type:"grid",cards:[r]}),et=class extends HTMLElement{static async generate(t,e){let i=[...J(e).map(s=>vt({type:"custom:holomat-printer-card",device_id:s})),...G(e).map(s=>vt({type:"custom:holomat-model-card",device_id:s})),vt({type:"custom:holomat-assist-card"})];return{title:p(e,"workshop"),views:[{title:p(e,"workshop"),path:"workshop",icon:"mdi:printer-3d",type:"sections",max_columns:3,sections:i}]}}};var fe="https://github.com/holomat/holomat-ha#dashboard-cards",ve=[["holomat-card-editor",F],["holomat-printer-card",tt],["holomat-model-card",Z],["holomat-assist-card",Q],["ll-strategy-dashboard-holomat-workshop",et]];for(let[r,t]of ve)customElements.get(r)||customElements.define(r,t);var Jt=document.querySelector("home-assistant")?.hass;window.customCards??=[];for(let[r,t,e]of[["holomat-printer-card","printer_card","printer_card_description"],["holomat-model-card","model_card","model_card_description"],["holomat-assist-card","assist_card","assist_card_description"]])window.customCards.some(i=>i.type===r)||window.customCards.push({type:r,name:p(Jt,t),description:p(Jt,e),preview:!0,documentationURL:fe});
