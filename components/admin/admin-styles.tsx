// One inline stylesheet rather than CSS modules: the dashboard's markup then renders identically inside Next
// and in the tests that render it in Chromium, and none of it can end up in the studio's CSS.
const ADMIN_CSS = `
.admin { max-width: var(--page-width, 1240px); margin: 0 auto; padding: 24px 20px 64px; display: grid; gap: 20px; }
.admin h1 { font-size: 28px; line-height: 1.2; letter-spacing: -0.01em; }
.admin h2 { font-size: 15px; font-weight: 600; }
.admin-head { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-end; justify-content: space-between; }
.admin-intro { color: var(--text-muted); margin-top: 4px; }
.admin-warning { padding: 12px 16px; border: 1px solid var(--warning); border-radius: var(--radius); background: var(--warning-bg); color: var(--text); }
.admin-note { color: var(--text-faint); font-size: 13px; margin-top: 4px; }
.admin-actions { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.admin-windows { display: flex; gap: 4px; padding: 4px; margin: 0; list-style: none; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.admin-windows a { display: block; padding: 6px 12px; border-radius: var(--radius-sm); color: var(--text-muted); text-decoration: none; font-size: 14px; }
.admin-windows a:hover { color: var(--text); background: var(--surface-2); }
.admin-windows a[aria-current="page"] { color: var(--accent-contrast); background: var(--accent); font-weight: 600; }
.admin-button { padding: 9px 16px; border: 0; border-radius: var(--radius-sm); background: var(--accent); color: var(--accent-contrast); font-weight: 600; cursor: pointer; }
.admin-button:hover { background: var(--accent-strong); }
.admin-button-quiet { background: transparent; color: var(--text-muted); border: 1px solid var(--border); font-weight: 500; }
.admin-button-quiet:hover { background: var(--surface-2); color: var(--text); }
.admin-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0; }
.admin-tile { padding: 14px 16px; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.admin-tile dt { color: var(--text-muted); font-size: 13px; }
.admin-tile dd { margin: 4px 0 0; display: grid; gap: 2px; }
.tile-value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; letter-spacing: -0.01em; }
.tile-note { color: var(--text-faint); font-size: 12px; }
.tile-bad .tile-value { color: var(--danger); }
.admin-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; }
.admin-tables { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.admin-card { margin: 0; padding: 16px 18px; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius-lg); box-shadow: var(--shadow); display: grid; gap: 12px; align-content: start; min-width: 0; }
.admin-card-wide { grid-column: 1 / -1; }
.admin-card-head { display: flex; flex-wrap: wrap; gap: 8px 16px; justify-content: space-between; align-items: baseline; }
.admin-card figcaption { color: var(--text-faint); font-size: 12px; }
.admin-empty { color: var(--text-faint); font-size: 14px; padding: 24px 0; text-align: center; }
.chart { width: 100%; height: auto; overflow: visible; }
.chart-narrow { display: none; }
.chart-ring { max-width: 200px; margin: 0 auto; }
.chart text { fill: var(--text-faint); font-size: 12px; font-family: var(--font); }
.chart .chart-label-strong { fill: var(--text-muted); font-size: 13px; }
.chart .chart-value { fill: var(--text-muted); font-variant-numeric: tabular-nums; }
.chart-narrow .chart text { font-size: 15px; }
.chart-narrow .chart .chart-label-strong { font-size: 15px; }
.chart-grid { stroke: var(--border); stroke-width: 1; stroke-dasharray: 2 4; }
.chart-baseline { stroke: var(--border-strong); stroke-width: 1; }
.chart-hit { fill: transparent; }
.chart-column:hover .chart-hit { fill: rgb(255 255 255 / 0.04); }
.chart-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; padding: 0; list-style: none; color: var(--text-muted); font-size: 12px; }
.chart-legend li { display: flex; align-items: center; gap: 6px; }
.swatch { width: 10px; height: 10px; border-radius: 3px; display: inline-block; }
.fill-ok { fill: var(--accent); background: var(--accent); }
.fill-error { fill: var(--danger); background: var(--danger); }
.fill-p50 { fill: #5fd0c5; background: #5fd0c5; }
.fill-p95 { fill: var(--accent); background: var(--accent); }
.fill-p99 { fill: #e58bd8; background: #e58bd8; }
.fill-hit, .ring-hit { fill: var(--success); background: var(--success); stroke: var(--success); }
.fill-miss { fill: var(--surface-3); background: var(--surface-3); }
.chart .ring-hit { fill: none; }
.ring-miss { stroke: var(--surface-3); }
.chart .ring-value { fill: var(--text); font-size: 30px; font-weight: 650; }
.chart .ring-note { fill: var(--text-faint); font-size: 13px; }
.fill-series-0 { fill: #8b7bff; background: #8b7bff; }
.fill-series-1 { fill: #5fd0c5; background: #5fd0c5; }
.fill-series-2 { fill: #f7c15c; background: #f7c15c; }
.fill-series-3 { fill: #e58bd8; background: #e58bd8; }
.fill-series-4 { fill: #6fb3ff; background: #6fb3ff; }
.fill-series-5 { fill: #ff9f7a; background: #ff9f7a; }
.admin table { width: 100%; border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
.admin th { text-align: left; color: var(--text-faint); font-weight: 500; padding: 6px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
.admin td { padding: 7px 8px; border-bottom: 1px solid var(--border); color: var(--text-muted); }
.admin tr:last-child td { border-bottom: 0; }
.admin .num { text-align: right; }
.admin code { font-family: var(--font-mono); font-size: 12px; }
.admin-scroll { overflow-x: auto; }
.admin-sign-in { max-width: 440px; margin: 48px auto; gap: 14px; }
.admin-sign-in form { display: grid; gap: 10px; }
.admin-sign-in label { font-weight: 600; font-size: 14px; }
.admin-sign-in input[type="password"] { padding: 10px 12px; border-radius: var(--radius-sm); border: 1px solid var(--border-strong); background: var(--surface-2); }
.admin-sign-in p { color: var(--text-muted); }
.admin-sign-in .admin-problem { color: var(--danger); font-size: 14px; }
@media (max-width: 800px) {
  .admin { padding: 16px 12px 48px; }
  .admin-grid, .admin-tables { grid-template-columns: minmax(0, 1fr); }
  .admin-card { padding: 14px 12px; }
  .tile-value { font-size: 20px; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  .chart-ring { max-width: 160px; }
}
`;

export function AdminStyles() {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant stylesheet of ours, no user content
  return <style dangerouslySetInnerHTML={{ __html: ADMIN_CSS }} />;
}
