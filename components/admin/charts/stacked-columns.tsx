import { FRAME, plotWidth, yAt } from "./frame";
import { labelIndices, linearScale } from "./scale";
import { ValueAxis } from "./value-axis";

export interface ColumnSegment {
  value: number;
  /** A class from the dashboard's styles (e.g. "fill-ok", "fill-series-2"). */
  className: string;
}

export interface Column {
  label: string;
  /** Tooltip: what a person reads when hovering the column. */
  title: string;
  segments: ColumnSegment[];
}

interface StackedColumnsProps {
  columns: Column[];
  label: string;
  formatValue: (value: number) => string;
  integer?: boolean;
  maxLabels?: number;
}

/** Columns of stacked segments over time, drawn as plain SVG on the server. */
export function StackedColumns({ columns, label, formatValue, integer = false, maxLabels = 8 }: StackedColumnsProps) {
  const totals = columns.map((column) => column.segments.reduce((sum, segment) => sum + segment.value, 0));
  const scale = linearScale(Math.max(0, ...totals), { integer });
  const step = plotWidth / Math.max(1, columns.length);
  const barWidth = Math.max(2, Math.min(40, step * 0.7));
  const shown = new Set(labelIndices(columns.length, maxLabels));

  return (
    <svg className="chart" viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} role="img" aria-label={label}>
      <ValueAxis scale={scale} format={formatValue} />
      {columns.map((column, index) => {
        const x = FRAME.left + step * index + (step - barWidth) / 2;
        let stacked = 0;
        return (
          <g key={index} className="chart-column">
            <title>{column.title}</title>
            {/* A transparent full-height hit area so the tooltip works on empty and short columns too. */}
            <rect className="chart-hit" x={FRAME.left + step * index} y={FRAME.top} width={step} height={yAt(0) - FRAME.top} />
            {column.segments.map((segment, segmentIndex) => {
              if (segment.value <= 0) return null;
              const bottom = yAt(scale.at(stacked));
              stacked += segment.value;
              const top = yAt(scale.at(stacked));
              return <rect key={segmentIndex} className={segment.className} x={x} y={top} width={barWidth} height={Math.max(1, bottom - top)} rx={2} />;
            })}
            {shown.has(index) ? (
              <text className="chart-label" x={x + barWidth / 2} y={FRAME.height - 10} textAnchor="middle">
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <line className="chart-baseline" x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={yAt(0)} y2={yAt(0)} />
    </svg>
  );
}
