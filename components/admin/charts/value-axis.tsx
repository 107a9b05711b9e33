import { yAt, type Frame } from "./frame";
import type { Scale } from "./scale";

/** Horizontal grid lines with their values on the left. */
export function ValueAxis({ frame, scale, format }: { frame: Frame; scale: Scale; format: (value: number) => string }) {
  return (
    <g className="chart-axis" aria-hidden="true">
      {scale.ticks.map((tick) => {
        const y = yAt(frame, scale.at(tick));
        return (
          <g key={tick}>
            <line className="chart-grid" x1={frame.left} x2={frame.width - frame.right} y1={y} y2={y} />
            <text x={frame.left - 8} y={y} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}
