// The parts of Home Assistant's front-end `hass` object the cards use (HA 2026.2's frontend:
// `hass.entities` holds the entity registry's display entries, `hass.devices` the device
// registry as `config/device_registry/list` sends it).

export interface HassEntityState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
}

export interface HassEntityRegistryDisplayEntry {
  entity_id: string;
  device_id?: string;
  platform?: string;
  translation_key?: string;
  name?: string | null;
  hidden?: boolean;
}

export interface HassDevice {
  id: string;
  name: string | null;
  name_by_user: string | null;
  model: string | null;
  identifiers: [string, string][];
  config_entries: string[];
  via_device_id: string | null;
}

export interface HassUser {
  is_admin: boolean;
}

export interface HomeAssistant {
  states: Record<string, HassEntityState>;
  entities: Record<string, HassEntityRegistryDisplayEntry>;
  devices: Record<string, HassDevice>;
  language: string;
  locale?: { language: string };
  user?: HassUser;
  themes?: { darkMode?: boolean };
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
    notifyOnError?: boolean,
    returnResponse?: boolean,
  ): Promise<unknown>;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  fetchWithAuth(path: string, init?: RequestInit): Promise<Response>;
  formatEntityState(stateObj: HassEntityState, state?: string): string;
}

export interface LovelaceCardEditor extends HTMLElement {
  hass?: HomeAssistant;
  setConfig(config: Record<string, unknown>): void;
}

/** Return the language of the user's interface ("en", "fr", ...). */
export function language(hass: HomeAssistant): string {
  return (hass.locale?.language ?? hass.language ?? "en").split("-")[0];
}

/** Return a device's name as the user sees it. */
export function deviceName(device: HassDevice | undefined): string {
  return device?.name_by_user || device?.name || "";
}

/** Return whether a state object stands for an entity that is there and answering. */
export function isAvailable(stateObj: HassEntityState | undefined): stateObj is HassEntityState {
  return stateObj !== undefined && stateObj.state !== "unavailable";
}

/** Fire a DOM event the way Home Assistant's front end listens to it (bubbling, composed). */
export function fireEvent(node: HTMLElement, type: string, detail: unknown): void {
  node.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
