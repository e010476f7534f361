// custom:holomat-assist-card — a typed conversation with JARVIS (HA 2026.2 has no built-in
// conversation card). Config: `agent_id` (a conversation entity or agent; by default HoloMat's
// first JARVIS agent, else HA's own), `title`. Each turn is HA's `conversation/process`
// websocket command, the conversation id carried from one turn to the next.
import { css, html, nothing } from "lit";
import { HolomatCard, cardEditor, type CardConfig } from "./card-base";
import { language, type HomeAssistant } from "./hass";
import { t } from "./i18n";
import { PLATFORM } from "./lookup";

interface Turn {
  who: "user" | "agent" | "error";
  text: string;
}

interface ConversationResult {
  conversation_id: string | null;
  response: { speech?: { plain?: { speech?: string } } };
}

/** Return HoloMat's first conversation agent (JARVIS), if there is one. */
function jarvisAgent(hass: HomeAssistant): string | undefined {
  return Object.values(hass.entities ?? {})
    .filter((e) => e.platform === PLATFORM && e.entity_id.startsWith("conversation."))
    .map((e) => e.entity_id)
    .sort()[0];
}

export class HolomatAssistCard extends HolomatCard {
  declare private turns: Turn[];
  declare private waiting: boolean;
  private conversationId: string | null = null;

  static override properties = {
    ...HolomatCard.properties,
    turns: { state: true },
    waiting: { state: true },
  };

  constructor() {
    super();
    this.turns = [];
    this.waiting = false;
  }

  static getConfigElement() {
    return cardEditor(
      [
        { name: "agent_id", selector: { conversation_agent: {} } },
        { name: "title", selector: { text: {} } },
      ],
      { agent_id: "agent", title: "title" },
    );
  }

  static getStubConfig(): Omit<CardConfig, "type"> {
    return {};
  }

  getCardSize(): number {
    return 6;
  }

  protected watchedEntities(): string[] {
    return [];
  }

  private agent(hass: HomeAssistant): string | undefined {
    return (this.config?.agent_id as string | undefined) || jarvisAgent(hass);
  }

  protected override render() {
    const hass = this.hass;
    if (!hass) return nothing;
    const agent = this.agent(hass);
    const title =
      (this.config?.title as string | undefined) ||
      (agent && hass.states[agent]?.attributes.friendly_name) ||
      "JARVIS";
    return html`<ha-card>
      <div class="title">${title}</div>
      <div class="turns" data-field="turns">
        ${this.turns.map((turn) => html`<div class="turn ${turn.who}">${turn.text}</div>`)}
        ${this.waiting ? html`<div class="turn agent muted">…</div>` : nothing}
      </div>
      <form class="row" @submit=${this.send}>
        <input name="text" autocomplete="off" placeholder=${t(hass, "say_something")} />
        <button class="action primary" ?disabled=${this.waiting}>${t(hass, "send")}</button>
      </form>
    </ha-card>`;
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem("text") as HTMLInputElement;
    const text = input.value.trim();
    const hass = this.hass;
    if (!text || !hass || this.waiting) return;
    input.value = "";
    this.turns = [...this.turns, { who: "user", text }];
    this.waiting = true;
    try {
      const result = await hass.callWS<ConversationResult>({
        type: "conversation/process",
        text,
        agent_id: this.agent(hass),
        conversation_id: this.conversationId,
        language: language(hass),
      });
      this.conversationId = result.conversation_id;
      const speech = result.response.speech?.plain?.speech ?? "";
      this.turns = [...this.turns, { who: "agent", text: speech }];
    } catch (err) {
      const message = (err as { message?: string }).message ?? String(err);
      this.turns = [...this.turns, { who: "error", text: message }];
    } finally {
      this.waiting = false;
    }
  }

  static override styles = [
    HolomatCard.styles,
    css`
      .turns {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin-top: 12px;
        max-height: 360px;
        overflow-y: auto;
      }
      .turn {
        max-width: 80%;
        padding: 8px 12px;
        border-radius: 12px;
        white-space: pre-wrap;
      }
      .turn.user {
        align-self: flex-end;
        background: var(--primary-color);
        color: var(--text-primary-color, #fff);
      }
      .turn.agent {
        align-self: flex-start;
        background: var(--secondary-background-color);
      }
      .turn.error {
        align-self: flex-start;
        color: var(--error-color);
      }
      input {
        flex: 1;
        font: inherit;
        padding: 8px 12px;
        border-radius: 18px;
        border: 1px solid var(--divider-color);
        background: var(--card-background-color);
        color: var(--primary-text-color);
      }
    `,
  ];
}
