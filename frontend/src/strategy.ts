// The "HoloMat workshop" dashboard strategy: every printer, the 3D model server and a conversation
// with JARVIS, in a sections view laid out for a tablet. A dashboard uses it with
//
//   strategy:
//     type: custom:holomat-workshop
//
// HA 2026.2's front end looks the element up as `ll-strategy-dashboard-holomat-workshop`.
import type { HomeAssistant } from "./hass";
import { t } from "./i18n";
import { modelServerDevices, printerDevices } from "./lookup";

type Section = { type: "grid"; cards: Record<string, unknown>[] };

const section = (card: Record<string, unknown>): Section => ({ type: "grid", cards: [card] });

export class HolomatWorkshopStrategy extends HTMLElement {
  static async generate(_config: Record<string, unknown>, hass: HomeAssistant) {
    // Each card names its printer or server: no headings. Three columns on a landscape tablet.
    const sections: Section[] = [
      ...printerDevices(hass).map((id) =>
        section({ type: "custom:holomat-printer-card", device_id: id }),
      ),
      ...modelServerDevices(hass).map((id) =>
        section({ type: "custom:holomat-model-card", device_id: id }),
      ),
      section({ type: "custom:holomat-assist-card" }),
    ];
    return {
      title: t(hass, "workshop"),
      views: [
        {
          title: t(hass, "workshop"),
          path: "workshop",
          icon: "mdi:printer-3d",
          type: "sections",
          max_columns: 3,
          sections,
        },
      ],
    };
  }
}
