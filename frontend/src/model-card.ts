// custom:holomat-model-card — the last model a HoloMat 3D model server made, in a 3D viewer
// (orbit, zoom, the build plate to scale), with its triangles, size, volume and quality, and what
// HoloMat can do next with it. Config: `device_id` (the model server) or `entity` (its
// `last_model` image entity); `plate_mm` (the build plate's side, 256 by default).
//
// The image entity's attributes carry the model's facts and `stl_url`, where HoloMat serves the
// STL to signed-in users (`/api/holomat/models/<name>.stl`).
import { css, html, nothing, type PropertyValues } from "lit";
import { HolomatCard, cardEditor, type CardConfig } from "./card-base";
import { deviceName, isAvailable, type HassEntityState, type HomeAssistant } from "./hass";
import { t } from "./i18n";
import { deviceEntities, modelServerDevices } from "./lookup";
import type { StlViewer, ViewerColors } from "./viewer";

const DEFAULT_PLATE_MM = 256;

/** Return the action data that makes a model again from the same picture source, if any. */
function sourceData(source: unknown): Record<string, string> | undefined {
  if (typeof source !== "string" || !source) return undefined;
  if (source.startsWith("camera.")) return { camera_entity_id: source };
  if (source.startsWith("media-source://")) return { media: source };
  if (/^https?:\/\//.test(source)) return { image_url: source };
  if (source.startsWith("/")) return { image_path: source };
  return undefined;
}

export class HolomatModelCard extends HolomatCard {
  declare private viewerState: "idle" | "loading" | "shown" | "failed";
  declare private making: boolean;
  private viewer?: StlViewer;
  private shownUrl?: string;
  private visible = false;
  private observer?: IntersectionObserver;

  static override properties = {
    ...HolomatCard.properties,
    viewerState: { state: true },
    making: { state: true },
  };

  constructor() {
    super();
    this.viewerState = "idle";
    this.making = false;
  }

  static getConfigElement() {
    return cardEditor(
      [
        {
          name: "device_id",
          selector: {
            device: {
              filter: { integration: "holomat", manufacturer: "HoloMat" },
              entity: { domain: "image" },
            },
          },
        },
        { name: "entity", selector: { entity: { domain: "image", integration: "holomat" } } },
        { name: "title", selector: { text: {} } },
      ],
      { device_id: "device", entity: "entity", title: "title" },
    );
  }

  static getStubConfig(hass: HomeAssistant): Omit<CardConfig, "type"> {
    return { device_id: modelServerDevices(hass)[0] ?? "" };
  }

  getCardSize(): number {
    return 7;
  }

  private get entityId(): string | undefined {
    const config: Partial<CardConfig> = this.config ?? {};
    if (typeof config.entity === "string" && config.entity) return config.entity;
    return this.hass ? deviceEntities(this.hass, config.device_id as string).last_model : undefined;
  }

  protected watchedEntities(): string[] {
    return this.entityId ? [this.entityId] : [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((entry) => entry.isIntersecting);
      if (this.visible) void this.loadModel();
    });
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.viewer?.dispose();
    this.viewer = undefined;
    this.shownUrl = undefined;
    this.viewerState = "idle";
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.visible) void this.loadModel();
    const before = changed.get("hass") as HomeAssistant | undefined;
    if (this.viewer && before && before.themes !== this.hass?.themes) {
      this.viewer.setColors(this.colors());
    }
  }

  private colors(): ViewerColors {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      background: read("--card-background-color", "#ffffff"),
      plate: read("--secondary-background-color", "#e5e5e5"),
      grid: read("--divider-color", "#bdbdbd"),
      model: read("--primary-color", "#03a9f4"),
    };
  }

  /** Load the viewer chunk and the STL once the card is on screen, and again for a new model. */
  private async loadModel(): Promise<void> {
    const stateObj = this.entityId ? this.hass?.states[this.entityId] : undefined;
    const url = stateObj?.attributes.stl_url;
    const container = this.renderRoot.querySelector<HTMLElement>(".viewer");
    if (!this.hass || typeof url !== "string" || !container || url === this.shownUrl) return;
    if (this.viewerState === "loading") return;
    this.viewerState = "loading";
    this.shownUrl = url;
    try {
      const [{ StlViewer }, response] = await Promise.all([
        import("./viewer"),
        this.hass.fetchWithAuth(url),
      ]);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const stl = await response.arrayBuffer();
      this.viewer ??= new StlViewer(container, this.colors());
      this.viewer.setPlate(Number(this.config?.plate_mm) || DEFAULT_PLATE_MM);
      this.viewer.show(stl);
      this.viewerState = "shown";
    } catch (err) {
      console.warn("HoloMat model card: cannot show the model in 3D", err);
      this.viewerState = "failed";
    }
  }

  protected override render() {
    const hass = this.hass;
    if (!hass) return nothing;
    const stateObj = this.entityId ? hass.states[this.entityId] : undefined;
    if (!stateObj) {
      return html`<ha-card><div class="hint">${t(hass, "pick_model_server")}</div></ha-card>`;
    }
    const deviceId = hass.entities[stateObj.entity_id]?.device_id;
    const title = (this.config?.title as string) || deviceName(deviceId ? hass.devices[deviceId] : undefined);
    const hasModel = typeof stateObj.attributes.stl_url === "string";
    return html`<ha-card>
      <div class="title">${title}</div>
      ${hasModel
        ? html`<div class="viewer" data-field="viewer" data-state=${this.viewerState}>
              ${this.viewerState === "failed"
                ? html`<div class="muted">${t(hass, "viewer_failed")}</div>
                    <img src=${stateObj.attributes.entity_picture as string} alt="" />`
                : nothing}
              ${this.viewerState === "loading" || this.viewerState === "idle"
                ? html`<div class="muted loading">${t(hass, "viewer_loading")}</div>`
                : nothing}
            </div>
            ${this.facts(hass, stateObj)} ${this.actions(hass, stateObj)}`
        : html`<div class="hint" data-field="no-model">${t(hass, "no_model")}</div>`}
    </ha-card>`;
  }

  private facts(hass: HomeAssistant, stateObj: HassEntityState) {
    const a = stateObj.attributes;
    const number = (value: unknown, digits = 0) =>
      typeof value === "number"
        ? new Intl.NumberFormat(hass.locale?.language ?? hass.language, {
            maximumFractionDigits: digits,
          }).format(value)
        : "–";
    const size = Array.isArray(a.size_mm) ? a.size_mm.map((v) => number(v, 1)).join(" × ") : "–";
    const fact = (field: string, label: string, value: string) =>
      html`<div class="fact" data-field=${field}><span class="muted">${label}</span>${value}</div>`;
    return html`<div class="facts">
      ${fact("triangles", t(hass, "triangles"), number(a.triangles))}
      ${fact("size", t(hass, "size"), `${size} mm`)}
      ${fact("volume", t(hass, "volume"), `${number(Number(a.volume_mm3) / 1000, 1)} cm³`)}
      ${a.quality === null || a.quality === undefined
        ? nothing
        : fact("quality", t(hass, "quality"), `${number(Number(a.quality) * 100)} %`)}
      ${a.watertight === undefined
        ? nothing
        : html`<div class="fact muted">${t(hass, a.watertight ? "watertight" : "not_watertight")}</div>`}
    </div>`;
  }

  private actions(hass: HomeAssistant, stateObj: HassEntityState) {
    const again = hass.user?.is_admin ? sourceData(stateObj.attributes.source) : undefined;
    return html`<div class="row">
      <button class="action" data-action="download" @click=${() => this.download(stateObj)}>
        ${t(hass, "download")}
      </button>
      ${again && isAvailable(stateObj)
        ? html`<button
            class="action primary"
            data-action="make-again"
            ?disabled=${this.making}
            @click=${() => this.makeAgain(hass, stateObj, again)}
          >
            ${this.making ? t(hass, "making") : t(hass, "make_again")}
          </button>`
        : nothing}
    </div>`;
  }

  private async download(stateObj: HassEntityState): Promise<void> {
    const url = stateObj.attributes.stl_url as string;
    const { path } = await this.hass!.callWS<{ path: string }>({ type: "auth/sign_path", path: url });
    const link = document.createElement("a");
    link.href = path;
    link.download = url.split("/").pop() ?? "model.stl";
    link.click();
  }

  private async makeAgain(
    hass: HomeAssistant,
    stateObj: HassEntityState,
    source: Record<string, string>,
  ): Promise<void> {
    const deviceId = hass.entities[stateObj.entity_id]?.device_id;
    const entry = deviceId ? hass.devices[deviceId]?.config_entries?.[0] : undefined;
    this.making = true;
    try {
      await hass.callService("holomat", "generate_3d_model", {
        ...source,
        ...(entry ? { config_entry_id: entry } : {}),
        ...(typeof stateObj.attributes.method === "string" ? { method: stateObj.attributes.method } : {}),
      });
    } finally {
      this.making = false;
    }
  }

  static override styles = [
    HolomatCard.styles,
    css`
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
    `,
  ];
}
