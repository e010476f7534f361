// custom:holomat-printer-card — one BambuLab printer: picture, job, temperatures, AMS, problems
// and controls. Config: `device_id` (the printer's device). It shows what entities the printer
// has (no chamber on P1 / A1) and an unavailable printer as such.
import { html, nothing } from "lit";
import { HolomatCard, cardEditor, type CardConfig } from "./card-base";
import { deviceName, isAvailable, type HomeAssistant } from "./hass";
import { formatMinutes, formatTime, t } from "./i18n";
import { amsUnits, deviceEntities, printerCardEntityIds, printerDevices, type EntityKeys } from "./lookup";
import { amsSection, numberState, problems, temperatures } from "./printer-parts";
import { PrinterMedia } from "./printer-media";
import { printerStyles } from "./printer-styles";

const PRINTING = new Set(["running", "prepare", "slicing", "init"]);
// A job's details are shown while it runs or is paused, and once it ended until the next one.
const JOB_SHOWN = new Set([...PRINTING, "pause", "finish", "failed"]);

export class HolomatPrinterCard extends HolomatCard {
  declare private confirmingStop: boolean;
  private readonly media = new PrinterMedia(() => this.requestUpdate());

  static override properties = { ...HolomatCard.properties, confirmingStop: { state: true } };

  static getConfigElement() {
    return cardEditor(
      [
        {
          name: "device_id",
          selector: { device: { entity: [{ integration: "holomat", domain: "select" }] } },
        },
      ],
      { device_id: "device" },
    );
  }

  static getStubConfig(hass: HomeAssistant): Omit<CardConfig, "type"> {
    return { device_id: printerDevices(hass)[0] ?? "" };
  }

  getCardSize(): number {
    return 8;
  }

  protected watchedEntities(hass: HomeAssistant): string[] {
    const deviceId = this.config?.device_id as string | undefined;
    return deviceId ? printerCardEntityIds(hass, deviceId) : [];
  }

  protected override render() {
    const hass = this.hass;
    const deviceId = this.config?.device_id as string | undefined;
    if (!hass) return nothing;
    const keys = deviceEntities(hass, deviceId);
    if (!deviceId || !keys.print_status) {
      return html`<ha-card><div class="hint">${t(hass, "pick_printer")}</div></ha-card>`;
    }
    const status = hass.states[keys.print_status];
    const online = keys.online ? hass.states[keys.online]?.state === "on" : isAvailable(status);
    return html`<ha-card data-printer=${deviceId} data-online=${online ? "true" : "false"}>
      <div class="title">
        <span>${deviceName(hass.devices[deviceId])}</span>
        <span class="status ${online ? "" : "offline"}" data-field="status"
          >${online ? hass.formatEntityState(status) : t(hass, "unavailable")}</span
        >
      </div>
      ${online
        ? html`${this.media.render(hass, keys)}
          ${JOB_SHOWN.has(status.state) ? this.job(hass, keys, status.state) : nothing}
          ${temperatures(hass, keys)}
          ${amsSection(hass, amsUnits(hass, deviceId), keys.external_spool)}
          ${problems(hass, keys)} ${this.controls(hass, keys, status.state)}`
        : html`<div class="hint" data-field="unavailable">${t(hass, "offline")}</div>`}
    </ha-card>`;
  }

  private job(hass: HomeAssistant, keys: EntityKeys, status: string) {
    const ongoing = PRINTING.has(status) || status === "pause";
    const progress = numberState(hass, keys.progress);
    const remaining = numberState(hass, keys.remaining_time);
    const stage = keys.stage ? hass.states[keys.stage] : undefined;
    const task = keys.task_name ? hass.states[keys.task_name]?.state : undefined;
    const end = keys.end_time ? hass.states[keys.end_time]?.state : undefined;
    const endDate = end ? new Date(end) : undefined;
    const layer = numberState(hass, keys.current_layer);
    const layers = numberState(hass, keys.total_layers);
    return html`<div class="job">
      ${task && isAvailable(hass.states[keys.task_name!]) && task !== "unknown"
        ? html`<div class="task" data-field="task">${task}</div>`
        : nothing}
      ${isAvailable(stage) && stage.state !== "unknown"
        ? html`<div class="muted" data-field="stage">${hass.formatEntityState(stage)}</div>`
        : nothing}
      ${progress === undefined
        ? nothing
        : html`<div class="progress" data-field="progress" data-value=${progress}>
            <div class="bar"><div style="width:${Math.min(100, progress)}%"></div></div>
            <span>${Math.round(progress)} %</span>
          </div>`}
      <div class="row muted">
        ${!ongoing || remaining === undefined || remaining <= 0
          ? nothing
          : html`<span data-field="remaining"
              >${t(hass, "remaining")} ${formatMinutes(hass, remaining)}</span
            >`}
        ${ongoing && endDate && !Number.isNaN(endDate.getTime()) && remaining
          ? html`<span data-field="end_time">${t(hass, "ends_at")} ${formatTime(hass, endDate)}</span>`
          : nothing}
        ${layer !== undefined && layers
          ? html`<span data-field="layer">${t(hass, "layer")} ${layer} / ${layers}</span>`
          : nothing}
      </div>
    </div>`;
  }

  private controls(hass: HomeAssistant, keys: EntityKeys, status: string) {
    const press = (entityId: string) => hass.callService("button", "press", { entity_id: entityId });
    const button = (key: "pause" | "resume", shown: boolean) =>
      keys[key] && shown
        ? html`<button class="action" data-action=${key} @click=${() => press(keys[key]!)}>
            ${t(hass, key)}
          </button>`
        : nothing;
    const active = PRINTING.has(status) || status === "pause";
    const stop = keys.stop && active;
    return html`<div class="row controls">
        ${button("pause", PRINTING.has(status))} ${button("resume", status === "pause")}
        ${stop && !this.confirmingStop
          ? html`<button class="action" data-action="stop" @click=${() => (this.confirmingStop = true)}>
              ${t(hass, "stop")}
            </button>`
          : nothing}
        ${this.speed(hass, keys.speed_profile)} ${this.light(hass, keys.chamber_light)}
      </div>
      ${stop && this.confirmingStop
        ? html`<div class="confirm" data-field="stop-confirm">
            <span>${t(hass, "stop_confirm")}</span>
            <button
              class="action danger"
              data-action="stop-confirm"
              @click=${() => {
                this.confirmingStop = false;
                void press(keys.stop!);
              }}
            >
              ${t(hass, "stop_yes")}
            </button>
            <button class="action" data-action="stop-cancel" @click=${() => (this.confirmingStop = false)}>
              ${t(hass, "cancel")}
            </button>
          </div>`
        : nothing}`;
  }

  private speed(hass: HomeAssistant, entityId: string | undefined) {
    const stateObj = entityId ? hass.states[entityId] : undefined;
    if (!isAvailable(stateObj)) return nothing;
    const options = (stateObj.attributes.options as string[] | undefined) ?? [];
    const select = (event: Event) =>
      hass.callService("select", "select_option", {
        entity_id: entityId,
        option: (event.target as HTMLSelectElement).value,
      });
    return html`<label class="speed muted"
      >${t(hass, "speed")}
      <select data-field="speed" @change=${select}>
        ${options.map(
          (option) => html`<option value=${option} ?selected=${option === stateObj.state}>
            ${hass.formatEntityState(stateObj, option)}
          </option>`,
        )}
      </select></label
    >`;
  }

  private light(hass: HomeAssistant, entityId: string | undefined) {
    const stateObj = entityId ? hass.states[entityId] : undefined;
    if (!isAvailable(stateObj)) return nothing;
    const on = stateObj.state === "on";
    return html`<button
      class="action ${on ? "primary" : ""}"
      data-action="light"
      aria-pressed=${on ? "true" : "false"}
      @click=${() => hass.callService("light", "toggle", { entity_id: entityId })}
    >
      ${t(hass, "light")}
    </button>`;
  }

  static override styles = [HolomatCard.styles, printerStyles];
}
