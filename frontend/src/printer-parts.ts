// Parts of the printer card that read only states: AMS trays, HMS problems, temperatures.
import { html, nothing, type TemplateResult } from "lit";
import { isAvailable, type HomeAssistant } from "./hass";
import { t } from "./i18n";
import type { AmsUnit, EntityKeys } from "./lookup";

/** Return a sensor's value as a number, or undefined when it has none. */
export function numberState(hass: HomeAssistant, entityId: string | undefined): number | undefined {
  const stateObj = entityId ? hass.states[entityId] : undefined;
  const value = stateObj ? Number.parseFloat(stateObj.state) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

const degrees = (value: number | undefined): string =>
  value === undefined ? "–" : `${Math.round(value)} °C`;

/** Render one temperature with its target ("212 °C / 220 °C"), if the printer has it. */
function temperature(
  hass: HomeAssistant,
  field: "nozzle" | "bed" | "chamber",
  current: string | undefined,
  target: string | undefined,
): TemplateResult | typeof nothing {
  if (!current) return nothing;
  const targetValue = numberState(hass, target);
  return html`<div class="temperature" data-field=${field}>
    <span class="muted">${t(hass, field)}</span>
    <span class="value">
      ${degrees(numberState(hass, current))}${targetValue
        ? html`<span class="muted"> / ${degrees(targetValue)}</span>`
        : nothing}
    </span>
  </div>`;
}

/** Render the nozzle, bed and (where the printer has one) chamber temperatures. */
export function temperatures(hass: HomeAssistant, keys: EntityKeys): TemplateResult {
  return html`<div class="temperatures">
    ${temperature(hass, "nozzle", keys.nozzle_temperature, keys.nozzle_target_temperature)}
    ${temperature(hass, "bed", keys.bed_temperature, keys.bed_target_temperature)}
    ${temperature(hass, "chamber", keys.chamber_temperature, undefined)}
  </div>`;
}

/** Render one filament slot: colour, type, remaining %, and whether it feeds the print. */
function tray(hass: HomeAssistant, entityId: string, label: string): TemplateResult {
  const stateObj = hass.states[entityId];
  const attributes = stateObj?.attributes ?? {};
  const empty = !stateObj || stateObj.state === "empty" || !isAvailable(stateObj);
  const color = typeof attributes.color === "string" ? attributes.color : undefined;
  const remaining = typeof attributes.remaining === "number" ? attributes.remaining : undefined;
  const active = attributes.active === true;
  return html`<div
    class="tray ${active ? "active" : ""}"
    data-field="tray"
    data-entity=${entityId}
    data-active=${active ? "true" : "false"}
    title=${active ? t(hass, "active") : label}
  >
    <div class="spool" style=${empty || !color ? "" : `background:${color}`}></div>
    <div class="tray-type">${empty ? t(hass, "empty") : stateObj.state}</div>
    <div class="muted">${remaining === undefined || empty ? "" : `${remaining} %`}</div>
  </div>`;
}

/** Render the AMS units (each tray in its colour) and the external spool. */
export function amsSection(hass: HomeAssistant, units: AmsUnit[], external: string | undefined) {
  if (!units.length && !external) return nothing;
  return html`<div class="ams">
    ${units.map(
      (unit) => html`<div class="ams-unit" data-field="ams">
        <div class="muted">
          ${unit.device.name_by_user || unit.device.name}${unit.humidity &&
          numberState(hass, unit.humidity) !== undefined
            ? html` · ${numberState(hass, unit.humidity)} %`
            : nothing}
        </div>
        <div class="trays">${unit.trays.map((id, slot) => tray(hass, id, `${slot + 1}`))}</div>
      </div>`,
    )}
    ${external
      ? html`<div class="ams-unit">
          <div class="muted">${t(hass, "external_spool")}</div>
          <div class="trays">${tray(hass, external, t(hass, "external_spool"))}</div>
        </div>`
      : nothing}
  </div>`;
}

interface HmsCode {
  code: string;
  severity?: string;
  module?: string;
  url?: string;
}

/** Render the printer's HMS problems, each with its page on Bambu Lab's wiki, and its print error. */
export function problems(hass: HomeAssistant, keys: EntityKeys) {
  const hms = keys.hms_problem ? hass.states[keys.hms_problem] : undefined;
  const codes = (hms?.state === "on" ? (hms.attributes.codes as HmsCode[] | undefined) : []) ?? [];
  const error = keys.print_error ? hass.states[keys.print_error] : undefined;
  const errorText = error?.state === "on" ? (error.attributes.description as string | undefined) : "";
  if (!codes.length && !errorText) return nothing;
  return html`<div class="problems" data-field="problems">
    <div class="problems-title">${t(hass, "problems")}</div>
    ${errorText ? html`<div>${errorText}</div>` : nothing}
    ${codes.map(
      (code) => html`<div class="hms" data-field="hms">
        <span>${code.code}${code.module ? ` · ${code.module}` : ""}</span>
        ${code.url
          ? html`<a href=${code.url} target="_blank" rel="noreferrer">${t(hass, "help")}</a>`
          : nothing}
      </div>`,
    )}
  </div>`;
}
