/*! HoloMat cards, built from sources sha256=1c0fc2a16b4b4ab4a32e876102df54545630fadd1f103a1eb16f9a38171f8178 */
var V=globalThis,W=V.ShadowRoot&&(V.ShadyCSS===void 0||V.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,et=Symbol(),vt=new WeakMap,T=class{constructor(t,e,i){if(this._$cssResult$=!0,i!==et)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(W&&t===void 0){let i=e!==void 0&&e.length===1;i&&(t=vt.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),i&&vt.set(e,t))}return t}toString(){return this.cssText}},yt=s=>new T(typeof s=="string"?s:s+"",void 0,et),y=(s,...t)=>{let e=s.length===1?s[0]:t.reduce((i,r,n)=>i+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+s[n+1],s[0]);return new T(e,s,et)},_t=(s,t)=>{if(W)s.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let i=document.createElement("style"),r=V.litNonce;r!==void 0&&i.setAttribute("nonce",r),i.textContent=e.cssText,s.appendChild(i)}},it=W?s=>s:s=>s instanceof CSSStyleSheet?(t=>{let e="";for(let i of t.cssRules)e+=i.cssText;return yt(e)})(s):s;var{is:Gt,defineProperty:Qt,getOwnPropertyDescriptor:Zt,getOwnPropertyNames:Xt,getOwnPropertySymbols:Yt,getPrototypeOf:te}=Object,K=globalThis,$t=K.trustedTypes,ee=$t?$t.emptyScript:"",ie=K.reactiveElementPolyfillSupport,U=(s,t)=>s,rt={toAttribute(s,t){switch(t){case Boolean:s=s?ee:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,t){let e=s;switch(t){case Boolean:e=s!==null;break;case Number:e=s===null?null:Number(s);break;case Object:case Array:try{e=JSON.parse(s)}catch{e=null}}return e}},At=(s,t)=>!Gt(s,t),bt={attribute:!0,type:String,converter:rt,reflect:!1,useDefault:!1,hasChanged:At};Symbol.metadata??=Symbol("metadata"),K.litPropertyMetadata??=new WeakMap;var _=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=bt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let i=Symbol(),r=this.getPropertyDescriptor(t,i,e);r!==void 0&&Qt(this.prototype,t,r)}}static getPropertyDescriptor(t,e,i){let{get:r,set:n}=Zt(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:r,set(o){let c=r?.call(this);n?.call(this,o),this.requestUpdate(t,c,i)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??bt}static _$Ei(){if(this.hasOwnProperty(U("elementProperties")))return;let t=te(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(U("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(U("properties"))){let e=this.properties,i=[...Xt(e),...Yt(e)];for(let r of i)this.createProperty(r,e[r])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[i,r]of e)this.elementProperties.set(i,r)}this._$Eh=new Map;for(let[e,i]of this.elementProperties){let r=this._$Eu(e,i);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let i=new Set(t.flat(1/0).reverse());for(let r of i)e.unshift(it(r))}else t!==void 0&&e.push(it(t));return e}static _$Eu(t,e){let i=e.attribute;return i===!1?void 0:typeof i=="string"?i:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let i of e.keys())this.hasOwnProperty(i)&&(t.set(i,this[i]),delete this[i]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return _t(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,i){this._$AK(t,i)}_$ET(t,e){let i=this.constructor.elementProperties.get(t),r=this.constructor._$Eu(t,i);if(r!==void 0&&i.reflect===!0){let n=(i.converter?.toAttribute!==void 0?i.converter:rt).toAttribute(e,i.type);this._$Em=t,n==null?this.removeAttribute(r):this.setAttribute(r,n),this._$Em=null}}_$AK(t,e){let i=this.constructor,r=i._$Eh.get(t);if(r!==void 0&&this._$Em!==r){let n=i.getPropertyOptions(r),o=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:rt;this._$Em=r;let c=o.fromAttribute(e,n.type);this[r]=c??this._$Ej?.get(r)??c,this._$Em=null}}requestUpdate(t,e,i,r=!1,n){if(t!==void 0){let o=this.constructor;if(r===!1&&(n=this[t]),i??=o.getPropertyOptions(t),!((i.hasChanged??At)(n,e)||i.useDefault&&i.reflect&&n===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,i))))return;this.C(t,e,i)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:i,reflect:r,wrapped:n},o){i&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),n!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||i||(e=void 0),this._$AL.set(t,e)),r===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,n]of this._$Ep)this[r]=n;this._$Ep=void 0}let i=this.constructor.elementProperties;if(i.size>0)for(let[r,n]of i){let{wrapped:o}=n,c=this[r];o!==!0||this._$AL.has(r)||c===void 0||this.C(r,void 0,n,c)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(i=>i.hostUpdate?.()),this.update(e)):this._$EM()}catch(i){throw t=!1,this._$EM(),i}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};_.elementStyles=[],_.shadowRootOptions={mode:"open"},_[U("elementProperties")]=new Map,_[U("finalized")]=new Map,ie?.({ReactiveElement:_}),(K.reactiveElementVersions??=[]).push("2.1.2");var ct=globalThis,xt=s=>s,B=ct.trustedTypes,wt=B?B.createPolicy("lit-html",{createHTML:s=>s}):void 0,Rt="$lit$",x=`lit$${Math.random().toFixed(9).slice(2)}$`,Pt="?"+x,re=`<${Pt}>`,E=document,O=()=>E.createComment(""),L=s=>s===null||typeof s!="object"&&typeof s!="function",pt=Array.isArray,se=s=>pt(s)||typeof s?.[Symbol.iterator]=="function",st=`[ 	
\f\r]`,N=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,St=/-->/g,Et=/>/g,w=RegExp(`>|${st}(?:([^\\s"'>=/]+)(${st}*=${st}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Ct=/'/g,Ht=/"/g,Mt=/^(?:script|style|textarea|title)$/i,mt=s=>(t,...e)=>({_$litType$:s,strings:t,values:e}),d=mt(1),be=mt(2),Ae=mt(3),C=Symbol.for("lit-noChange"),a=Symbol.for("lit-nothing"),kt=new WeakMap,S=E.createTreeWalker(E,129);function Tt(s,t){if(!pt(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return wt!==void 0?wt.createHTML(t):t}var ne=(s,t)=>{let e=s.length-1,i=[],r,n=t===2?"<svg>":t===3?"<math>":"",o=N;for(let c=0;c<e;c++){let l=s[c],m,h,u=-1,v=0;for(;v<l.length&&(o.lastIndex=v,h=o.exec(l),h!==null);)v=o.lastIndex,o===N?h[1]==="!--"?o=St:h[1]!==void 0?o=Et:h[2]!==void 0?(Mt.test(h[2])&&(r=RegExp("</"+h[2],"g")),o=w):h[3]!==void 0&&(o=w):o===w?h[0]===">"?(o=r??N,u=-1):h[1]===void 0?u=-2:(u=o.lastIndex-h[2].length,m=h[1],o=h[3]===void 0?w:h[3]==='"'?Ht:Ct):o===Ht||o===Ct?o=w:o===St||o===Et?o=N:(o=w,r=void 0);let A=o===w&&s[c+1].startsWith("/>")?" ":"";n+=o===N?l+re:u>=0?(i.push(m),l.slice(0,u)+Rt+l.slice(u)+x+A):l+x+(u===-2?c:A)}return[Tt(s,n+(s[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),i]},D=class s{constructor({strings:t,_$litType$:e},i){let r;this.parts=[];let n=0,o=0,c=t.length-1,l=this.parts,[m,h]=ne(t,e);if(this.el=s.createElement(m,i),S.currentNode=this.el.content,e===2||e===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(r=S.nextNode())!==null&&l.length<c;){if(r.nodeType===1){if(r.hasAttributes())for(let u of r.getAttributeNames())if(u.endsWith(Rt)){let v=h[o++],A=r.getAttribute(u).split(x),j=/([.?@])?(.*)/.exec(v);l.push({type:1,index:n,name:j[2],strings:A,ctor:j[1]==="."?ot:j[1]==="?"?at:j[1]==="@"?dt:R}),r.removeAttribute(u)}else u.startsWith(x)&&(l.push({type:6,index:n}),r.removeAttribute(u));if(Mt.test(r.tagName)){let u=r.textContent.split(x),v=u.length-1;if(v>0){r.textContent=B?B.emptyScript:"";for(let A=0;A<v;A++)r.append(u[A],O()),S.nextNode(),l.push({type:2,index:++n});r.append(u[v],O())}}}else if(r.nodeType===8)if(r.data===Pt)l.push({type:2,index:n});else{let u=-1;for(;(u=r.data.indexOf(x,u+1))!==-1;)l.push({type:7,index:n}),u+=x.length-1}n++}}static createElement(t,e){let i=E.createElement("template");return i.innerHTML=t,i}};function k(s,t,e=s,i){if(t===C)return t;let r=i!==void 0?e._$Co?.[i]:e._$Cl,n=L(t)?void 0:t._$litDirective$;return r?.constructor!==n&&(r?._$AO?.(!1),n===void 0?r=void 0:(r=new n(s),r._$AT(s,e,i)),i!==void 0?(e._$Co??=[])[i]=r:e._$Cl=r),r!==void 0&&(t=k(s,r._$AS(s,t.values),r,i)),t}var nt=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:i}=this._$AD,r=(t?.creationScope??E).importNode(e,!0);S.currentNode=r;let n=S.nextNode(),o=0,c=0,l=i[0];for(;l!==void 0;){if(o===l.index){let m;l.type===2?m=new z(n,n.nextSibling,this,t):l.type===1?m=new l.ctor(n,l.name,l.strings,this,t):l.type===6&&(m=new lt(n,this,t)),this._$AV.push(m),l=i[++c]}o!==l?.index&&(n=S.nextNode(),o++)}return S.currentNode=E,r}p(t){let e=0;for(let i of this._$AV)i!==void 0&&(i.strings!==void 0?(i._$AI(t,i,e),e+=i.strings.length-2):i._$AI(t[e])),e++}},z=class s{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,i,r){this.type=2,this._$AH=a,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=i,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=k(this,t,e),L(t)?t===a||t==null||t===""?(this._$AH!==a&&this._$AR(),this._$AH=a):t!==this._$AH&&t!==C&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):se(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==a&&L(this._$AH)?this._$AA.nextSibling.data=t:this.T(E.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:i}=t,r=typeof i=="number"?this._$AC(t):(i.el===void 0&&(i.el=D.createElement(Tt(i.h,i.h[0]),this.options)),i);if(this._$AH?._$AD===r)this._$AH.p(e);else{let n=new nt(r,this),o=n.u(this.options);n.p(e),this.T(o),this._$AH=n}}_$AC(t){let e=kt.get(t.strings);return e===void 0&&kt.set(t.strings,e=new D(t)),e}k(t){pt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,i,r=0;for(let n of t)r===e.length?e.push(i=new s(this.O(O()),this.O(O()),this,this.options)):i=e[r],i._$AI(n),r++;r<e.length&&(this._$AR(i&&i._$AB.nextSibling,r),e.length=r)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let i=xt(t).nextSibling;xt(t).remove(),t=i}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},R=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,i,r,n){this.type=1,this._$AH=a,this._$AN=void 0,this.element=t,this.name=e,this._$AM=r,this.options=n,i.length>2||i[0]!==""||i[1]!==""?(this._$AH=Array(i.length-1).fill(new String),this.strings=i):this._$AH=a}_$AI(t,e=this,i,r){let n=this.strings,o=!1;if(n===void 0)t=k(this,t,e,0),o=!L(t)||t!==this._$AH&&t!==C,o&&(this._$AH=t);else{let c=t,l,m;for(t=n[0],l=0;l<n.length-1;l++)m=k(this,c[i+l],e,l),m===C&&(m=this._$AH[l]),o||=!L(m)||m!==this._$AH[l],m===a?t=a:t!==a&&(t+=(m??"")+n[l+1]),this._$AH[l]=m}o&&!r&&this.j(t)}j(t){t===a?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},ot=class extends R{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===a?void 0:t}},at=class extends R{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==a)}},dt=class extends R{constructor(t,e,i,r,n){super(t,e,i,r,n),this.type=5}_$AI(t,e=this){if((t=k(this,t,e,0)??a)===C)return;let i=this._$AH,r=t===a&&i!==a||t.capture!==i.capture||t.once!==i.once||t.passive!==i.passive,n=t!==a&&(i===a||r);r&&this.element.removeEventListener(this.name,this,i),n&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},lt=class{constructor(t,e,i){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=i}get _$AU(){return this._$AM._$AU}_$AI(t){k(this,t)}};var oe=ct.litHtmlPolyfillSupport;oe?.(D,z),(ct.litHtmlVersions??=[]).push("3.3.3");var Ut=(s,t,e)=>{let i=e?.renderBefore??t,r=i._$litPart$;if(r===void 0){let n=e?.renderBefore??null;i._$litPart$=r=new z(t.insertBefore(O(),n),n,void 0,e??{})}return r._$AI(s),r};var ut=globalThis,$=class extends _{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Ut(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return C}};$._$litElement$=!0,$.finalized=!0,ut.litElementHydrateSupport?.({LitElement:$});var ae=ut.litElementPolyfillSupport;ae?.({LitElement:$});(ut.litElementVersions??=[]).push("4.2.2");function q(s){return(s.locale?.language??s.language??"en").split("-")[0]}function H(s){return s?.name_by_user||s?.name||""}function f(s){return s!==void 0&&s.state!=="unavailable"}function Nt(s,t,e){s.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}var Ot={printer_card:"HoloMat printer",printer_card_description:"A BambuLab printer: camera, job, temperatures, AMS, problems and controls.",model_card:"HoloMat 3D model",model_card_description:"The last model HoloMat made, in a 3D viewer you can turn and zoom.",assist_card:"HoloMat JARVIS",assist_card_description:"Talk to JARVIS (or any Assist agent) by typing.",workshop:"Workshop",pick_printer:"Pick a HoloMat printer in the card's settings.",pick_model_server:"Pick a HoloMat 3D model server in the card's settings.",unavailable:"Unavailable",offline:"The printer is offline or does not answer.",nozzle:"Nozzle",bed:"Bed",chamber:"Chamber",remaining:"Remaining",ends_at:"Ends at",layer:"Layer",external_spool:"External spool",empty:"Empty",active:"Printing from this tray",problems:"Problems",help:"Help",pause:"Pause",resume:"Resume",stop:"Stop",stop_confirm:"Stop the print? It cannot be resumed.",stop_yes:"Stop the print",cancel:"Cancel",speed:"Speed",light:"Light",no_model:"No model yet: ask JARVIS to turn a picture into one.",triangles:"Triangles",size:"Size",volume:"Volume",quality:"Quality",watertight:"Watertight",not_watertight:"Not watertight",download:"Download STL",make_again:"Make it again",making:"Making the model\u2026",viewer_loading:"Loading the 3D viewer\u2026",viewer_failed:"This browser cannot show 3D (no WebGL): here is the preview.",say_something:"Ask JARVIS\u2026",send:"Send",minutes:"{m} min",hours_minutes:"{h} h {m} min",device:"Device",entity:"Last model image (instead of a device)",agent:"Assist agent",title:"Title"},de={printer_card:"Imprimante HoloMat",printer_card_description:"Une imprimante BambuLab : cam\xE9ra, impression, temp\xE9ratures, AMS, probl\xE8mes et commandes.",model_card:"Mod\xE8le 3D HoloMat",model_card_description:"Le dernier mod\xE8le cr\xE9\xE9 par HoloMat, dans une vue 3D \xE0 tourner et agrandir.",assist_card:"JARVIS HoloMat",assist_card_description:"Parler \xE0 JARVIS (ou \xE0 un autre agent Assist) par \xE9crit.",workshop:"Atelier",pick_printer:"Choisissez une imprimante HoloMat dans les r\xE9glages de la carte.",pick_model_server:"Choisissez un serveur de mod\xE8les 3D HoloMat dans les r\xE9glages de la carte.",unavailable:"Indisponible",offline:"L'imprimante est \xE9teinte ou ne r\xE9pond pas.",nozzle:"Buse",bed:"Plateau",chamber:"Caisson",remaining:"Reste",ends_at:"Fin \xE0",layer:"Couche",external_spool:"Bobine externe",empty:"Vide",active:"Impression depuis ce bac",problems:"Probl\xE8mes",help:"Aide",pause:"Pause",resume:"Reprendre",stop:"Arr\xEAter",stop_confirm:"Arr\xEAter l'impression ? Elle ne pourra pas reprendre.",stop_yes:"Arr\xEAter l'impression",cancel:"Annuler",speed:"Vitesse",light:"\xC9clairage",no_model:"Pas encore de mod\xE8le : demandez \xE0 JARVIS d'en faire un \xE0 partir d'une image.",triangles:"Triangles",size:"Taille",volume:"Volume",quality:"Qualit\xE9",watertight:"\xC9tanche",not_watertight:"Non \xE9tanche",download:"T\xE9l\xE9charger le STL",make_again:"Le refaire",making:"Cr\xE9ation du mod\xE8le\u2026",viewer_loading:"Chargement de la vue 3D\u2026",viewer_failed:"Ce navigateur ne sait pas afficher la 3D (pas de WebGL) : voici l'aper\xE7u.",say_something:"Demandez \xE0 JARVIS\u2026",send:"Envoyer",minutes:"{m} min",hours_minutes:"{h} h {m} min",device:"Appareil",entity:"Image du dernier mod\xE8le (au lieu d'un appareil)",agent:"Agent Assist",title:"Titre"},le={en:Ot,fr:de};function p(s,t,e={}){return(s&&le[q(s)]||Ot)[t].replace(/\{(\w+)\}/g,(r,n)=>String(e[n]??""))}function Lt(s,t){let e=Math.max(0,Math.round(t));return e<60?p(s,"minutes",{m:e}):p(s,"hours_minutes",{h:Math.floor(e/60),m:String(e%60).padStart(2,"0")})}function Dt(s,t){return new Intl.DateTimeFormat(s.locale?.language??s.language,{hour:"numeric",minute:"2-digit"}).format(t)}var g=class extends ${static{this.properties={hass:{attribute:!1},config:{state:!0}}}setConfig(t){this.config=t}shouldUpdate(t){if(t.has("config")||!t.has("hass"))return!0;let e=t.get("hass"),i=this.hass;return!e||!i||e.entities!==i.entities||e.devices!==i.devices||e.language!==i.language||e.themes!==i.themes?!0:this.watchedEntities(i).some(r=>e.states[r]!==i.states[r])}static{this.styles=y`
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
  `}},F=class extends ${static{this.properties={hass:{attribute:!1},schema:{attribute:!1},labels:{attribute:!1},config:{state:!0}}}setConfig(t){this.config=t}render(){return d`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${this.schema}
      .computeLabel=${t=>p(this.hass,this.labels[t.name])}
      @value-changed=${this.changed}
    ></ha-form>`}changed(t){t.stopPropagation();let e={...t.detail.value};for(let[i,r]of Object.entries(e))(r===""||r===void 0)&&delete e[i];Nt(this,"config-changed",{config:e})}};function P(s,t){let e=document.createElement("holomat-card-editor");return e.schema=s,e.labels=t,e}var I="holomat";function M(s,t){let e={};if(!t)return e;for(let i of Object.values(s.entities??{}))i.device_id===t&&i.platform===I&&i.translation_key&&(e[i.translation_key]??=i.entity_id);return e}function zt(s,t){let e=Object.values(s.entities??{}).filter(i=>i.platform===I&&i.translation_key===t).map(i=>i.device_id).filter(i=>!!i&&i in(s.devices??{}));return[...new Set(e)].sort((i,r)=>(s.devices[i].name??"").localeCompare(s.devices[r].name??""))}var J=s=>zt(s,"print_status"),G=s=>zt(s,"last_model"),ce=new Intl.Collator("en",{numeric:!0});function pe(s){for(let[t,e]of s.identifiers??[]){let i=t===I?/_ams_(\d+)$/.exec(e):null;if(i)return Number(i[1])}}function ht(s,t){let e=[];for(let i of Object.values(s.devices??{})){let r=i.via_device_id===t?pe(i):void 0;if(r===void 0)continue;let n=Object.values(s.entities).filter(c=>c.device_id===i.id&&c.translation_key==="ams_tray").map(c=>c.entity_id).sort(ce.compare),o=M(s,i.id);e.push({device:i,amsId:r,trays:n,humidity:o.ams_humidity,temperature:o.ams_temperature})}return e.sort((i,r)=>i.amsId-r.amsId)}function It(s,t){let e=Object.values(M(s,t));for(let i of ht(s,t))e.push(...i.trays),i.humidity&&e.push(i.humidity);return e}function me(s){return Object.values(s.entities??{}).filter(t=>t.platform===I&&t.entity_id.startsWith("conversation.")).map(t=>t.entity_id).sort()[0]}var Q=class extends g{constructor(){super();this.conversationId=null;this.turns=[],this.waiting=!1}static{this.properties={...g.properties,turns:{state:!0},waiting:{state:!0}}}static getConfigElement(){return P([{name:"agent_id",selector:{conversation_agent:{}}},{name:"title",selector:{text:{}}}],{agent_id:"agent",title:"title"})}static getStubConfig(){return{}}getCardSize(){return 6}watchedEntities(){return[]}agent(e){return this.config?.agent_id||me(e)}render(){let e=this.hass;if(!e)return a;let i=this.agent(e),r=this.config?.title||i&&e.states[i]?.attributes.friendly_name||"JARVIS";return d`<ha-card>
      <div class="title">${r}</div>
      <div class="turns" data-field="turns">
        ${this.turns.map(n=>d`<div class="turn ${n.who}">${n.text}</div>`)}
        ${this.waiting?d`<div class="turn agent muted">…</div>`:a}
      </div>
      <form class="row" @submit=${this.send}>
        <input name="text" autocomplete="off" placeholder=${p(e,"say_something")} />
        <button class="action primary" ?disabled=${this.waiting}>${p(e,"send")}</button>
      </form>
    </ha-card>`}async send(e){e.preventDefault();let i=e.target.elements.namedItem("text"),r=i.value.trim(),n=this.hass;if(!(!r||!n||this.waiting)){i.value="",this.turns=[...this.turns,{who:"user",text:r}],this.waiting=!0;try{let o=await n.callWS({type:"conversation/process",text:r,agent_id:this.agent(n),conversation_id:this.conversationId,language:q(n)});this.conversationId=o.conversation_id;let c=o.response.speech?.plain?.speech??"";this.turns=[...this.turns,{who:"agent",text:c}]}catch(o){let c=o.message??String(o);this.turns=[...this.turns,{who:"error",text:c}]}finally{this.waiting=!1}}}static{this.styles=[g.styles,y`
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
    `]}};var ue=256;function he(s){if(!(typeof s!="string"||!s)){if(s.startsWith("camera."))return{camera_entity_id:s};if(s.startsWith("media-source://"))return{media:s};if(/^https?:\/\//.test(s))return{image_url:s};if(s.startsWith("/"))return{image_path:s}}}var Z=class extends g{constructor(){super();this.visible=!1;this.viewerState="idle",this.making=!1}static{this.properties={...g.properties,viewerState:{state:!0},making:{state:!0}}}static getConfigElement(){return P([{name:"device_id",selector:{device:{filter:{integration:"holomat",manufacturer:"HoloMat"},entity:{domain:"image"}}}},{name:"entity",selector:{entity:{domain:"image",integration:"holomat"}}},{name:"title",selector:{text:{}}}],{device_id:"device",entity:"entity",title:"title"})}static getStubConfig(e){return{device_id:G(e)[0]??""}}getCardSize(){return 7}get entityId(){let e=this.config??{};return typeof e.entity=="string"&&e.entity?e.entity:this.hass?M(this.hass,e.device_id).last_model:void 0}watchedEntities(){return this.entityId?[this.entityId]:[]}connectedCallback(){super.connectedCallback(),this.observer=new IntersectionObserver(e=>{this.visible=e.some(i=>i.isIntersecting),this.visible&&this.loadModel()}),this.observer.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.observer?.disconnect(),this.viewer?.dispose(),this.viewer=void 0,this.shownUrl=void 0,this.viewerState="idle"}updated(e){this.visible&&this.loadModel();let i=e.get("hass");this.viewer&&i&&i.themes!==this.hass?.themes&&this.viewer.setColors(this.colors())}colors(){let e=getComputedStyle(this),i=(r,n)=>e.getPropertyValue(r).trim()||n;return{background:i("--card-background-color","#ffffff"),plate:i("--secondary-background-color","#e5e5e5"),grid:i("--divider-color","#bdbdbd"),model:i("--primary-color","#03a9f4")}}async loadModel(){let i=(this.entityId?this.hass?.states[this.entityId]:void 0)?.attributes.url,r=this.renderRoot.querySelector(".viewer");if(!(!this.hass||typeof i!="string"||!r||i===this.shownUrl)&&this.viewerState!=="loading"){this.viewerState="loading",this.shownUrl=i;try{let[{StlViewer:n},o]=await Promise.all([import("./viewer-TKSZKK23.js"),this.hass.fetchWithAuth(i)]);if(!o.ok)throw new Error(`${i}: HTTP ${o.status}`);let c=await o.arrayBuffer();this.viewer??=new n(r,this.colors()),this.viewer.setPlate(Number(this.config?.plate_mm)||ue),this.viewer.show(c),this.viewerState="shown"}catch(n){console.warn("HoloMat model card: cannot show the model in 3D",n),this.viewerState="failed"}}}render(){let e=this.hass;if(!e)return a;let i=this.entityId?e.states[this.entityId]:void 0;if(!i)return d`<ha-card><div class="hint">${p(e,"pick_model_server")}</div></ha-card>`;let r=e.entities[i.entity_id]?.device_id,n=this.config?.title||H(r?e.devices[r]:void 0),o=typeof i.attributes.url=="string";return d`<ha-card>
      <div class="title">${n}</div>
      ${o?d`<div class="viewer" data-field="viewer" data-state=${this.viewerState}>
              ${this.viewerState==="failed"?d`<div class="muted">${p(e,"viewer_failed")}</div>
                    <img src=${i.attributes.entity_picture} alt="" />`:a}
              ${this.viewerState==="loading"||this.viewerState==="idle"?d`<div class="muted loading">${p(e,"viewer_loading")}</div>`:a}
            </div>
            ${this.facts(e,i)} ${this.actions(e,i)}`:d`<div class="hint" data-field="no-model">${p(e,"no_model")}</div>`}
    </ha-card>`}facts(e,i){let r=i.attributes,n=(l,m=0)=>typeof l=="number"?new Intl.NumberFormat(e.locale?.language??e.language,{maximumFractionDigits:m}).format(l):"\u2013",o=Array.isArray(r.size_mm)?r.size_mm.map(l=>n(l,1)).join(" \xD7 "):"\u2013",c=(l,m,h)=>d`<div class="fact" data-field=${l}><span class="muted">${m}</span>${h}</div>`;return d`<div class="facts">
      ${c("triangles",p(e,"triangles"),n(r.triangles))}
      ${c("size",p(e,"size"),`${o} mm`)}
      ${c("volume",p(e,"volume"),`${n(Number(r.volume_mm3)/1e3,1)} cm\xB3`)}
      ${r.quality===null||r.quality===void 0?a:c("quality",p(e,"quality"),`${n(Number(r.quality)*100)} %`)}
      ${r.watertight===void 0?a:d`<div class="fact muted">${p(e,r.watertight?"watertight":"not_watertight")}</div>`}
    </div>`}actions(e,i){let r=e.user?.is_admin?he(i.attributes.source):void 0;return d`<div class="row">
      <button class="action" data-action="download" @click=${()=>this.download(i)}>
        ${p(e,"download")}
      </button>
      ${r&&f(i)?d`<button
            class="action primary"
            data-action="make-again"
            ?disabled=${this.making}
            @click=${()=>this.makeAgain(e,i,r)}
          >
            ${this.making?p(e,"making"):p(e,"make_again")}
          </button>`:a}
    </div>`}async download(e){let i=e.attributes.url,{path:r}=await this.hass.callWS({type:"auth/sign_path",path:i}),n=document.createElement("a");n.href=r,n.download=i.split("/").pop()??"model.stl",n.click()}async makeAgain(e,i,r){let n=e.entities[i.entity_id]?.device_id,o=n?e.devices[n]?.config_entries?.[0]:void 0;this.making=!0;try{await e.callService("holomat","generate_3d_model",{...r,...o?{config_entry_id:o}:{},...typeof i.attributes.method=="string"?{method:i.attributes.method}:{}})}finally{this.making=!1}}static{this.styles=[g.styles,y`
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
    `]}};function b(s,t){let e=t?s.states[t]:void 0,i=e?Number.parseFloat(e.state):Number.NaN;return Number.isFinite(i)?i:void 0}var jt=s=>s===void 0?"\u2013":`${Math.round(s)} \xB0C`;function gt(s,t,e,i){if(!e)return a;let r=b(s,i);return d`<div class="temperature" data-field=${t}>
    <span class="muted">${p(s,t)}</span>
    <span class="value">
      ${jt(b(s,e))}${r?d`<span class="muted"> / ${jt(r)}</span>`:a}
    </span>
  </div>`}function Wt(s,t){return d`<div class="temperatures">
    ${gt(s,"nozzle",t.nozzle_temperature,t.nozzle_target_temperature)}
    ${gt(s,"bed",t.bed_temperature,t.bed_target_temperature)}
    ${gt(s,"chamber",t.chamber_temperature,void 0)}
  </div>`}function Vt(s,t,e){let i=s.states[t],r=i?.attributes??{},n=!i||i.state==="empty"||!f(i),o=typeof r.color=="string"?r.color:void 0,c=typeof r.remaining=="number"?r.remaining:void 0,l=r.active===!0;return d`<div
    class="tray ${l?"active":""}"
    data-field="tray"
    data-entity=${t}
    data-active=${l?"true":"false"}
    title=${l?p(s,"active"):e}
  >
    <div class="spool" style=${n||!o?"":`background:${o}`}></div>
    <div class="tray-type">${n?p(s,"empty"):i.state}</div>
    <div class="muted">${c===void 0||n?"":`${c} %`}</div>
  </div>`}function Kt(s,t,e){return!t.length&&!e?a:d`<div class="ams">
    ${t.map(i=>d`<div class="ams-unit" data-field="ams">
        <div class="muted">
          ${i.device.name_by_user||i.device.name}${i.humidity&&b(s,i.humidity)!==void 0?d` · ${b(s,i.humidity)} %`:a}
        </div>
        <div class="trays">${i.trays.map((r,n)=>Vt(s,r,`${n+1}`))}</div>
      </div>`)}
    ${e?d`<div class="ams-unit">
          <div class="muted">${p(s,"external_spool")}</div>
          <div class="trays">${Vt(s,e,p(s,"external_spool"))}</div>
        </div>`:a}
  </div>`}function Bt(s,t){let e=t.hms_problem?s.states[t.hms_problem]:void 0,i=(e?.state==="on"?e.attributes.codes:[])??[],r=t.print_error?s.states[t.print_error]:void 0,n=r?.state==="on"?r.attributes.description:"";return!i.length&&!n?a:d`<div class="problems" data-field="problems">
    <div class="problems-title">${p(s,"problems")}</div>
    ${n?d`<div>${n}</div>`:a}
    ${i.map(o=>d`<div class="hms" data-field="hms">
        <span>${o.code}${o.module?` \xB7 ${o.module}`:""}</span>
        ${o.url?d`<a href=${o.url} target="_blank" rel="noreferrer">${p(s,"help")}</a>`:a}
      </div>`)}
  </div>`}var X=class{constructor(t){this.requestUpdate=t}render(t,e){if(e.camera){let r=this.cameraElement(e.camera);return r&&(r.hass=t),d`<div class="media" data-field="camera">${r??a}</div>`}let i=e.cover_image?t.states[e.cover_image]?.attributes.entity_picture:void 0;return typeof i=="string"?d`<div class="media" data-field="cover_image"><img src=${i} alt="" /></div>`:a}cameraElement(t){if(this.camera?.entityId===t)return this.camera.element;this.camera=void 0,window.loadCardHelpers?.().then(e=>{let i=e.createCardElement({type:"picture-entity",entity:t,camera_view:"live",show_name:!1,show_state:!1});this.camera={entityId:t,element:i},this.requestUpdate()})}};var qt=y`
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
`;var Ft=new Set(["running","prepare","slicing","init"]),Y=class extends g{constructor(){super(...arguments);this.media=new X(()=>this.requestUpdate())}static{this.properties={...g.properties,confirmingStop:{state:!0}}}static getConfigElement(){return P([{name:"device_id",selector:{device:{entity:[{integration:"holomat",domain:"select"}]}}}],{device_id:"device"})}static getStubConfig(e){return{device_id:J(e)[0]??""}}getCardSize(){return 8}watchedEntities(e){let i=this.config?.device_id;return i?It(e,i):[]}render(){let e=this.hass,i=this.config?.device_id;if(!e)return a;let r=M(e,i);if(!i||!r.print_status)return d`<ha-card><div class="hint">${p(e,"pick_printer")}</div></ha-card>`;let n=e.states[r.print_status],o=r.online?e.states[r.online]?.state==="on":f(n);return d`<ha-card data-printer=${i} data-online=${o?"true":"false"}>
      <div class="title">
        <span>${H(e.devices[i])}</span>
        <span class="status ${o?"":"offline"}" data-field="status"
          >${o?e.formatEntityState(n):p(e,"unavailable")}</span
        >
      </div>
      ${o?d`${this.media.render(e,r)} ${this.job(e,r)} ${Wt(e,r)}
          ${Kt(e,ht(e,i),r.external_spool)}
          ${Bt(e,r)} ${this.controls(e,r,n.state)}`:d`<div class="hint" data-field="unavailable">${p(e,"offline")}</div>`}
    </ha-card>`}job(e,i){let r=b(e,i.progress),n=b(e,i.remaining_time),o=i.stage?e.states[i.stage]:void 0,c=i.task_name?e.states[i.task_name]?.state:void 0,l=i.end_time?e.states[i.end_time]?.state:void 0,m=l?new Date(l):void 0,h=b(e,i.current_layer),u=b(e,i.total_layers);return d`<div class="job">
      ${c&&f(e.states[i.task_name])&&c!=="unknown"?d`<div class="task" data-field="task">${c}</div>`:a}
      ${f(o)&&o.state!=="unknown"?d`<div class="muted" data-field="stage">${e.formatEntityState(o)}</div>`:a}
      ${r===void 0?a:d`<div class="progress" data-field="progress" data-value=${r}>
            <div class="bar"><div style="width:${Math.min(100,r)}%"></div></div>
            <span>${Math.round(r)} %</span>
          </div>`}
      <div class="row muted">
        ${n===void 0||n<=0?a:d`<span data-field="remaining"
              >${p(e,"remaining")} ${Lt(e,n)}</span
            >`}
        ${m&&!Number.isNaN(m.getTime())&&n?d`<span data-field="end_time">${p(e,"ends_at")} ${Dt(e,m)}</span>`:a}
        ${h!==void 0&&u?d`<span data-field="layer">${p(e,"layer")} ${h} / ${u}</span>`:a}
      </div>
    </div>`}controls(e,i,r){let n=m=>e.callService("button","press",{entity_id:m}),o=(m,h)=>i[m]&&h?d`<button class="action" data-action=${m} @click=${()=>n(i[m])}>
            ${p(e,m)}
          </button>`:a,c=Ft.has(r)||r==="pause",l=i.stop&&c;return d`<div class="row controls">
        ${o("pause",Ft.has(r))} ${o("resume",r==="pause")}
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
          </div>`:a}`}speed(e,i){let r=i?e.states[i]:void 0;if(!f(r))return a;let n=r.attributes.options??[],o=c=>e.callService("select","select_option",{entity_id:i,option:c.target.value});return d`<label class="speed muted"
      >${p(e,"speed")}
      <select data-field="speed" @change=${o}>
        ${n.map(c=>d`<option value=${c} ?selected=${c===r.state}>
            ${e.formatEntityState(r,c)}
          </option>`)}
      </select></label
    >`}light(e,i){let r=i?e.states[i]:void 0;if(!f(r))return a;let n=r.state==="on";return d`<button
      class="action ${n?"primary":""}"
      data-action="light"
      aria-pressed=${n?"true":"false"}
      @click=${()=>e.callService("light","toggle",{entity_id:i})}
    >
      ${p(e,"light")}
    </button>`}static{this.styles=[g.styles,qt]}};var ft=s=>({type:"heading",heading:s,heading_style:"title"}),tt=class extends HTMLElement{static async generate(t,e){let i=J(e).map(r=>({type:"grid",cards:[ft(H(e.devices[r])),{type:"custom:holomat-printer-card",device_id:r}]}));for(let r of G(e))i.push({type:"grid",cards:[ft(H(e.devices[r])),{type:"custom:holomat-model-card",device_id:r}]});return i.push({type:"grid",cards:[ft("JARVIS"),{type:"custom:holomat-assist-card"}]}),{title:p(e,"workshop"),views:[{title:p(e,"workshop"),path:"workshop",icon:"mdi:printer-3d",type:"sections",max_columns:3,sections:i}]}}};var ge="https://github.com/holomat/holomat-ha#dashboard-cards",fe=[["holomat-card-editor",F],["holomat-printer-card",Y],["holomat-model-card",Z],["holomat-assist-card",Q],["ll-strategy-dashboard-holomat-workshop",tt]];for(let[s,t]of fe)customElements.get(s)||customElements.define(s,t);var Jt=document.querySelector("home-assistant")?.hass;window.customCards??=[];for(let[s,t,e]of[["holomat-printer-card","printer_card","printer_card_description"],["holomat-model-card","model_card","model_card_description"],["holomat-assist-card","assist_card","assist_card_description"]])window.customCards.some(i=>i.type===s)||window.customCards.push({type:s,name:p(Jt,t),description:p(Jt,e),preview:!0,documentationURL:ge});
