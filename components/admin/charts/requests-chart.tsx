import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { SeriesPoint } from "@/lib/shared/admin-stats";
import { ChartCard } from "../chart-card";
import type { Formatters } from "../format";
import { NARROW, WIDE, type Frame } from "./frame";
import { ResponsiveChart } from "./responsive-chart";
import { StackedColumns } from "./stacked-columns";

interface RequestsChartProps {
  series: SeriesPoint[];
  bucketMs: number;
  strings: AdminDictionary;
  formatters: Formatters;
}

export function RequestsChart({ series, bucketMs, strings, formatters }: RequestsChartProps) {
  const { charts } = strings;
  const total = series.reduce((sum, point) => sum + point.calls, 0);
  const columns = series.map((point) => {
    const time = formatters.bucket(point.start, bucketMs);
    return {
      label: time,
      title: format(charts.requestsTooltip, { time, requests: formatters.count(point.calls), errors: formatters.count(point.errors) }),
      segments: [
        { value: point.calls - point.errors, className: "fill-ok" },
        { value: point.errors, className: "fill-error" },
      ],
    };
  });
  const draw = (frame: Frame) => <StackedColumns frame={frame} columns={columns} label={charts.requests} formatValue={formatters.count} integer />;
  return (
    <ChartCard
      wide
      title={charts.requests}
      caption={format(charts.requestsCaption, { bucket: strings.buckets[String(bucketMs)] ?? `${bucketMs} ms` })}
      legend={[
        { label: charts.succeeded, className: "fill-ok" },
        { label: charts.failed, className: "fill-error" },
      ]}
      empty={total === 0 ? charts.noData : null}
    >
      <ResponsiveChart wide={draw(WIDE)} narrow={draw(NARROW)} />
    </ChartCard>
  );
}
