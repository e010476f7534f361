// The cards' own words, in English and French. Entity states come translated from the
// integration (hass.formatEntityState reads translations/<language>.json); these are the labels
// around them.
import { language, type HomeAssistant } from "./hass";

const en = {
  printer_card: "HoloMat printer",
  printer_card_description: "A BambuLab printer: camera, job, temperatures, AMS, problems and controls.",
  model_card: "HoloMat 3D model",
  model_card_description: "The last model HoloMat made, in a 3D viewer you can turn and zoom.",
  assist_card: "HoloMat JARVIS",
  assist_card_description: "Talk to JARVIS (or any Assist agent) by typing.",
  workshop: "Workshop",
  pick_printer: "Pick a HoloMat printer in the card's settings.",
  pick_model_server: "Pick a HoloMat 3D model server in the card's settings.",
  unavailable: "Unavailable",
  offline: "The printer is offline or does not answer.",
  nozzle: "Nozzle",
  bed: "Bed",
  chamber: "Chamber",
  remaining: "Remaining",
  ends_at: "Ends at",
  layer: "Layer",
  external_spool: "External spool",
  empty: "Empty",
  active: "Printing from this tray",
  problems: "Problems",
  help: "Help",
  pause: "Pause",
  resume: "Resume",
  stop: "Stop",
  stop_confirm: "Stop the print? It cannot be resumed.",
  stop_yes: "Stop the print",
  cancel: "Cancel",
  speed: "Speed",
  light: "Light",
  no_model: "No model yet: ask JARVIS to turn a picture into one.",
  triangles: "Triangles",
  size: "Size",
  volume: "Volume",
  quality: "Quality",
  watertight: "Watertight",
  not_watertight: "Not watertight",
  download: "Download STL",
  make_again: "Make it again",
  making: "Making the model…",
  viewer_loading: "Loading the 3D viewer…",
  viewer_failed: "This browser cannot show 3D (no WebGL): here is the preview.",
  say_something: "Ask JARVIS…",
  send: "Send",
  minutes: "{m} min",
  hours_minutes: "{h} h {m} min",
  device: "Device",
  entity: "Last model image (instead of a device)",
  agent: "Assist agent",
  title: "Title",
};

export type Key = keyof typeof en;

const fr: Record<Key, string> = {
  printer_card: "Imprimante HoloMat",
  printer_card_description:
    "Une imprimante BambuLab : caméra, impression, températures, AMS, problèmes et commandes.",
  model_card: "Modèle 3D HoloMat",
  model_card_description:
    "Le dernier modèle créé par HoloMat, dans une vue 3D à tourner et agrandir.",
  assist_card: "JARVIS HoloMat",
  assist_card_description: "Parler à JARVIS (ou à un autre agent Assist) par écrit.",
  workshop: "Atelier",
  pick_printer: "Choisissez une imprimante HoloMat dans les réglages de la carte.",
  pick_model_server: "Choisissez un serveur de modèles 3D HoloMat dans les réglages de la carte.",
  unavailable: "Indisponible",
  offline: "L'imprimante est éteinte ou ne répond pas.",
  nozzle: "Buse",
  bed: "Plateau",
  chamber: "Caisson",
  remaining: "Reste",
  ends_at: "Fin à",
  layer: "Couche",
  external_spool: "Bobine externe",
  empty: "Vide",
  active: "Impression depuis ce bac",
  problems: "Problèmes",
  help: "Aide",
  pause: "Pause",
  resume: "Reprendre",
  stop: "Arrêter",
  stop_confirm: "Arrêter l'impression ? Elle ne pourra pas reprendre.",
  stop_yes: "Arrêter l'impression",
  cancel: "Annuler",
  speed: "Vitesse",
  light: "Éclairage",
  no_model: "Pas encore de modèle : demandez à JARVIS d'en faire un à partir d'une image.",
  triangles: "Triangles",
  size: "Taille",
  volume: "Volume",
  quality: "Qualité",
  watertight: "Étanche",
  not_watertight: "Non étanche",
  download: "Télécharger le STL",
  make_again: "Le refaire",
  making: "Création du modèle…",
  viewer_loading: "Chargement de la vue 3D…",
  viewer_failed: "Ce navigateur ne sait pas afficher la 3D (pas de WebGL) : voici l'aperçu.",
  say_something: "Demandez à JARVIS…",
  send: "Envoyer",
  minutes: "{m} min",
  hours_minutes: "{h} h {m} min",
  device: "Appareil",
  entity: "Image du dernier modèle (au lieu d'un appareil)",
  agent: "Agent Assist",
  title: "Titre",
};

const TABLES: Record<string, Record<Key, string>> = { en, fr };

/** Return a label in the user's language (English when HoloMat does not speak it). */
export function t(hass: HomeAssistant | undefined, key: Key, values: Record<string, string | number> = {}): string {
  const table = (hass && TABLES[language(hass)]) || en;
  return table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** Return a duration in minutes as "1 h 05 min" / "42 min". */
export function formatMinutes(hass: HomeAssistant, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return t(hass, "minutes", { m });
  return t(hass, "hours_minutes", { h: Math.floor(m / 60), m: String(m % 60).padStart(2, "0") });
}

/** Return a time of day ("14:05", "2:05 PM") in the user's language. */
export function formatTime(hass: HomeAssistant, date: Date): string {
  return new Intl.DateTimeFormat(hass.locale?.language ?? hass.language, {
    hour: "numeric",
    minute: "2-digit",
  }).format(date);
}
