import type { ReactNode } from "react";

interface LegendItem {
  label: string;
  className: string;
}

interface ChartCardProps {
  title: string;
  caption: string;
  legend?: LegendItem[];
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  wide?: boolean;
  children: ReactNode;
}

export function ChartCard({ title, caption, legend = [], empty = null, wide = false, children }: ChartCardProps) {
  return (
    <figure className={wide ? "admin-card admin-card-wide" : "admin-card"}>
      <div className="admin-card-head">
        <h2>{title}</h2>
        {legend.length > 0 ? (
          <ul className="chart-legend" role="list">
            {legend.map((item) => (
              <li key={item.label}>
                <span className={`swatch ${item.className}`} aria-hidden="true" />
                {item.label}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {empty === null ? children : <p className="admin-empty">{empty}</p>}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
