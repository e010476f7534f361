// What every HoloMat card shares: its config, the `hass` object, redrawing only when one of its
// entities changed, the theme's colours, and a visual editor built on HA's own `ha-form`.
import { LitElement, css, html, type CSSResultGroup, type PropertyValues } from "lit";
import { fireEvent, type HomeAssistant } from "./hass";
import { t, type Key } from "./i18n";

export type CardConfig = Record<string, unknown> & { type: string };

export abstract class HolomatCard extends LitElement {
  declare hass?: HomeAssistant;
  declare config?: CardConfig;

  static override properties = {
    hass: { attribute: false },
    config: { state: true },
  };

  setConfig(config: CardConfig): void {
    this.config = config;
  }

  /** Return the ids of the entities whose changes the card shows. */
  protected abstract watchedEntities(hass: HomeAssistant): string[];

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.has("config") || !changed.has("hass")) return true;
    const before = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    if (!before || !hass) return true;
    if (before.entities !== hass.entities || before.devices !== hass.devices) return true;
    if (before.language !== hass.language || before.themes !== hass.themes) return true;
    return this.watchedEntities(hass).some((id) => before.states[id] !== hass.states[id]);
  }

  static override styles: CSSResultGroup = css`
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
  `;
}

/** A field of a card's visual editor, in HA's `ha-form` schema language. */
export interface EditorField {
  name: string;
  selector: Record<string, unknown>;
}

/** The visual editor of every HoloMat card: HA's `ha-form` over the card's fields. */
export class HolomatCardEditor extends LitElement {
  declare hass?: HomeAssistant;
  declare schema: EditorField[];
  declare labels: Record<string, Key>;
  declare private config?: CardConfig;

  static override properties = {
    hass: { attribute: false },
    schema: { attribute: false },
    labels: { attribute: false },
    config: { state: true },
  };

  setConfig(config: CardConfig): void {
    this.config = config;
  }

  protected override render() {
    return html`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${this.schema}
      .computeLabel=${(field: EditorField) => t(this.hass, this.labels[field.name])}
      @value-changed=${this.changed}
    ></ha-form>`;
  }

  private changed(event: CustomEvent<{ value: CardConfig }>): void {
    event.stopPropagation();
    const config = { ...event.detail.value };
    for (const [key, value] of Object.entries(config)) {
      if (value === "" || value === undefined) delete config[key];
    }
    fireEvent(this, "config-changed", { config });
  }
}

/** Return a card's editor for `schema`; `labels` names each field's label in the string table. */
export function cardEditor(schema: EditorField[], labels: Record<string, Key>): HolomatCardEditor {
  const editor = document.createElement("holomat-card-editor") as HolomatCardEditor;
  editor.schema = schema;
  editor.labels = labels;
  return editor;
}
