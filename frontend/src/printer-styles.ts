// The printer card's look, from HA's theme variables (light and dark themes alike).
import { css } from "lit";

export const printerStyles = css`
  .title {
    justify-content: space-between;
  }
  .status {
    font-size: var(--ha-font-size-m, 14px);
    padding: 2px 10px;
    border-radius: 12px;
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  .status.offline {
    background: var(--disabled-text-color, grey);
  }
  .media {
    margin: 12px -16px 0;
  }
  .media img {
    display: block;
    width: 100%;
    max-height: 320px;
    object-fit: contain;
    background: var(--secondary-background-color);
  }
  .job {
    margin-top: 12px;
  }
  .task {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 8px;
  }
  .bar {
    flex: 1;
    height: 8px;
    border-radius: 4px;
    background: var(--divider-color);
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.5s;
  }
  .temperatures {
    display: flex;
    gap: 16px;
    margin-top: 12px;
  }
  .temperature {
    display: flex;
    flex-direction: column;
  }
  .value {
    font-size: var(--ha-font-size-l, 16px);
    white-space: nowrap;
  }
  .ams {
    margin-top: 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .trays {
    display: flex;
    gap: 8px;
    margin-top: 4px;
  }
  .tray {
    flex: 1;
    max-width: 72px;
    text-align: center;
    padding: 6px 4px;
    border-radius: 8px;
    border: 2px solid transparent;
    font-size: var(--ha-font-size-s, 12px);
  }
  .tray.active {
    border-color: var(--primary-color);
    background: var(--secondary-background-color);
  }
  .spool {
    width: 28px;
    height: 28px;
    margin: 0 auto 4px;
    border-radius: 50%;
    border: 2px dashed var(--divider-color);
    box-sizing: border-box;
  }
  .spool[style] {
    border: 1px solid var(--divider-color);
  }
  .tray-type {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .problems {
    margin-top: 12px;
    padding: 8px 12px;
    border-radius: 8px;
    border-left: 4px solid var(--error-color);
    background: var(--secondary-background-color);
  }
  .problems-title {
    color: var(--error-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .hms {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  .hms a {
    color: var(--primary-color);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin-top: 8px;
    padding: 8px 12px;
    border-radius: 8px;
    background: var(--secondary-background-color);
  }
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color);
    border: 1px solid var(--divider-color);
    border-radius: 8px;
    padding: 4px;
  }
`;
