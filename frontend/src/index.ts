// HoloMat's dashboard cards and workshop strategy: the module Home Assistant loads as a
// dashboard resource (/holomat_frontend/holomat-cards.js).
import { HolomatCardEditor } from "./card-base";
import { HolomatAssistCard } from "./assist-card";
import { t } from "./i18n";
import { HolomatModelCard } from "./model-card";
import { HolomatPrinterCard } from "./printer-card";
import { HolomatWorkshopStrategy } from "./strategy";

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

const DOCUMENTATION = "https://github.com/holomat/holomat-ha#dashboard-cards";
const ELEMENTS: [string, CustomElementConstructor][] = [
  ["holomat-card-editor", HolomatCardEditor],
  ["holomat-printer-card", HolomatPrinterCard],
  ["holomat-model-card", HolomatModelCard],
  ["holomat-assist-card", HolomatAssistCard],
  ["ll-strategy-dashboard-holomat-workshop", HolomatWorkshopStrategy],
];

// The module may be loaded twice (a resource and a cast receiver, two versions during an upgrade).
for (const [name, element] of ELEMENTS) {
  if (!customElements.get(name)) customElements.define(name, element);
}

// The card picker lists these, in the user's language when the page already has hass.
const hass = (document.querySelector("home-assistant") as { hass?: Parameters<typeof t>[0] } | null)
  ?.hass;
window.customCards ??= [];
for (const [type, name, description] of [
  ["holomat-printer-card", "printer_card", "printer_card_description"],
  ["holomat-model-card", "model_card", "model_card_description"],
  ["holomat-assist-card", "assist_card", "assist_card_description"],
] as const) {
  if (!window.customCards.some((card) => card.type === type)) {
    window.customCards.push({
      type,
      name: t(hass, name),
      description: t(hass, description),
      preview: true,
      documentationURL: DOCUMENTATION,
    });
  }
}
