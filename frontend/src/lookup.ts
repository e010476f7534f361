// How the cards find HoloMat's entities: from a device id, through the entity registry's display
// entries (`hass.entities`), by translation key. Unique ids are not sent to the front end, but
// each HoloMat entity has a translation key naming what it is, equal to the suffix of its unique
// id `{serial}_{key}` (custom_components/holomat/printer/*.py). A phase that adds an entity only
// needs its translation key here (the camera: `camera`, the cover image: `cover_image`).
import type { HassDevice, HomeAssistant } from "./hass";

export const PLATFORM = "holomat";

/** Entity ids of one device's HoloMat entities, by translation key. */
export type EntityKeys = Partial<Record<string, string>>;

/** Return the entity ids of a device's HoloMat entities, by translation key. */
export function deviceEntities(hass: HomeAssistant, deviceId: string | undefined): EntityKeys {
  const found: EntityKeys = {};
  if (!deviceId) return found;
  for (const entry of Object.values(hass.entities ?? {})) {
    if (entry.device_id === deviceId && entry.platform === PLATFORM && entry.translation_key) {
      found[entry.translation_key] ??= entry.entity_id;
    }
  }
  return found;
}

/** Return the ids of the devices that have a HoloMat entity with this translation key. */
export function devicesWith(hass: HomeAssistant, translationKey: string): string[] {
  const ids = Object.values(hass.entities ?? {})
    .filter((entry) => entry.platform === PLATFORM && entry.translation_key === translationKey)
    .map((entry) => entry.device_id)
    .filter((id): id is string => !!id && id in (hass.devices ?? {}));
  return [...new Set(ids)].sort((a, b) =>
    (hass.devices[a].name ?? "").localeCompare(hass.devices[b].name ?? ""),
  );
}

/** The printers: devices with a print status sensor. */
export const printerDevices = (hass: HomeAssistant): string[] => devicesWith(hass, "print_status");

/** The 3D model servers: devices with a last model image. */
export const modelServerDevices = (hass: HomeAssistant): string[] =>
  devicesWith(hass, "last_model");

/** One AMS unit of a printer: its number on the wire, its trays' sensors in slot order. */
export interface AmsUnit {
  device: HassDevice;
  amsId: number;
  trays: string[];
  humidity?: string;
  temperature?: string;
}

const numeric = new Intl.Collator("en", { numeric: true });

/** Return the AMS id of an AMS device (identifier `{serial}_ams_{id}`), or undefined. */
function amsId(device: HassDevice): number | undefined {
  for (const [domain, identifier] of device.identifiers ?? []) {
    const match = domain === PLATFORM ? /_ams_(\d+)$/.exec(identifier) : null;
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Return a printer's AMS units (devices linked to it), by AMS id, each tray in slot order. */
export function amsUnits(hass: HomeAssistant, printerDeviceId: string): AmsUnit[] {
  const units: AmsUnit[] = [];
  for (const device of Object.values(hass.devices ?? {})) {
    const id = device.via_device_id === printerDeviceId ? amsId(device) : undefined;
    if (id === undefined) continue;
    const trays = Object.values(hass.entities)
      .filter((e) => e.device_id === device.id && e.translation_key === "ams_tray")
      .map((e) => e.entity_id)
      .sort(numeric.compare);
    const keys = deviceEntities(hass, device.id);
    units.push({
      device,
      amsId: id,
      trays,
      humidity: keys.ams_humidity,
      temperature: keys.ams_temperature,
    });
  }
  return units.sort((a, b) => a.amsId - b.amsId);
}

/** Return the ids of every entity a printer card shows (to redraw only when one changes). */
export function printerCardEntityIds(hass: HomeAssistant, deviceId: string): string[] {
  const ids = Object.values(deviceEntities(hass, deviceId)) as string[];
  for (const unit of amsUnits(hass, deviceId)) {
    ids.push(...unit.trays);
    if (unit.humidity) ids.push(unit.humidity);
  }
  return ids;
}
