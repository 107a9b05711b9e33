import { plotWidth, yAt, type Frame } from "./frame";
import { labelIndices, linearScale } from "./scale";
import { ValueAxis } from "./value-axis";

interface ColumnSegment {
  value: number;
  /** A class from the dashboard's styles (e.g. "fill-ok", "fill-series-2"). */
  className: string;
}

interface Column {
  label: string;
  /** Tooltip: what a person reads when hovering the column. */
  title: string;
  segments: ColumnSegment[];
}

interface StackedColumnsProps {
  frame: Frame;
  columns: Column[];
  label: string;
  formatValue: (value: number) => string;
  integer?: boolean;
}

/** Columns of stacked segments over time, drawn as plain SVG on the server. */
export function StackedColumns({ frame, columns, label, formatValue, integer = false }: StackedColumnsProps) {
  const totals = columns.map((column) => column.segments.reduce((sum, segment) => sum + segment.value, 0));
  const scale = linearScale(Math.max(0, ...totals), { integer });
  const step = plotWidth(frame) / Math.max(1, columns.length);
  const barWidth = Math.max(2, Math.min(48, step * 0.7));
  const shown = new Set(labelIndices(columns.length, frame.maxLabels));
  const baseline = yAt(frame, 0);

  return (
    <svg className="chart" viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={label}>
      <ValueAxis frame={frame} scale={scale} format={formatValue} />
      {columns.map((column, index) => {
        const x = frame.left + step * index + (step - barWidth) / 2;
        let stacked = 0;
        return (
          <g key={index} className="chart-column">
            <title>{column.title}</title>
            {/* A transparent full-height hit area so the tooltip works on empty and short columns too. */}
            <rect className="chart-hit" x={frame.left + step * index} y={frame.top} width={step} height={baseline - frame.top} />
            {column.segments.map((segment, segmentIndex) => {
              if (segment.value <= 0) return null;
              const bottom = yAt(frame, scale.at(stacked));
              stacked += segment.value;
              const top = yAt(frame, scale.at(stacked));
              return (
                <rect key={segmentIndex} className={segment.className} x={x} y={top} width={barWidth} height={Math.max(1, bottom - top)} rx={2} />
              );
            })}
            {shown.has(index) ? (
              <text className="chart-label" x={x + barWidth / 2} y={frame.height - 10} textAnchor="middle">
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <line className="chart-baseline" x1={frame.left} x2={frame.width - frame.right} y1={baseline} y2={baseline} />
    </svg>
  );
}
