import { FRAME, yAt } from "./frame";
import type { Scale } from "./scale";

/** Horizontal grid lines with their values on the left. */
export function ValueAxis({ scale, format }: { scale: Scale; format: (value: number) => string }) {
  return (
    <g className="chart-axis" aria-hidden="true">
      {scale.ticks.map((tick) => {
        const y = yAt(scale.at(tick));
        return (
          <g key={tick}>
            <line className="chart-grid" x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={y} y2={y} />
            <text x={FRAME.left - 8} y={y} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}
