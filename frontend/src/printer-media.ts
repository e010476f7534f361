// The picture at the top of the printer card: the camera's live view if the printer has a
// camera entity (translation key `camera`), else the job's cover image (`cover_image`), else
// nothing. The live view is HA's own picture-entity card (it picks HLS, WebRTC or MJPEG).
import { html, nothing } from "lit";
import type { HomeAssistant } from "./hass";
import type { EntityKeys } from "./lookup";

interface LovelaceCardElement extends HTMLElement {
  hass?: HomeAssistant;
}

interface CardHelpers {
  createCardElement(config: Record<string, unknown>): LovelaceCardElement;
}

declare global {
  interface Window {
    loadCardHelpers?: () => Promise<CardHelpers>;
  }
}

/** Keeps the live view of one printer's camera and hands it `hass` on every update. */
export class PrinterMedia {
  private camera?: { entityId: string; element: LovelaceCardElement };

  constructor(private readonly requestUpdate: () => void) {}

  render(hass: HomeAssistant, keys: EntityKeys) {
    if (keys.camera) {
      const element = this.cameraElement(keys.camera);
      if (element) element.hass = hass;
      return html`<div class="media" data-field="camera">${element ?? nothing}</div>`;
    }
    const picture = keys.cover_image
      ? hass.states[keys.cover_image]?.attributes.entity_picture
      : undefined;
    if (typeof picture === "string") {
      return html`<div class="media" data-field="cover_image"><img src=${picture} alt="" /></div>`;
    }
    return nothing;
  }

  private cameraElement(entityId: string): LovelaceCardElement | undefined {
    if (this.camera?.entityId === entityId) return this.camera.element;
    this.camera = undefined;
    void window.loadCardHelpers?.().then((helpers) => {
      const element = helpers.createCardElement({
        type: "picture-entity",
        entity: entityId,
        camera_view: "live",
        show_name: false,
        show_state: false,
      });
      this.camera = { entityId, element };
      this.requestUpdate();
    });
    return undefined;
  }
}
