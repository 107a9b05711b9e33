import type { AdminDictionary } from "@/lib/shared/i18n/admin-dictionary";
import { format } from "@/lib/shared/i18n/format";
import type { TaskFigures } from "@/lib/shared/admin-stats";
import { ChartCard } from "../chart-card";
import type { Formatters } from "../format";
import { NARROW, WIDE, type Frame } from "./frame";
import { ResponsiveChart } from "./responsive-chart";
import { StackedColumns } from "./stacked-columns";

interface CostChartProps {
  daily: TaskFigures["daily"];
  colorOf: (model: string) => string;
  strings: AdminDictionary;
  formatters: Formatters;
}

export function CostChart({ daily, colorOf, strings, formatters }: CostChartProps) {
  const { charts } = strings;
  const models = [...new Set(daily.flatMap((day) => day.models.map((entry) => entry.model)))].sort();
  const columns = daily.map((day) => ({
    label: formatters.day(day.day),
    title: format(charts.costTooltip, { day: day.day, cost: formatters.usd(day.cost_usd), images: formatters.count(day.images) }),
    segments: models.map((model) => ({
      value: day.models.find((entry) => entry.model === model)?.cost_usd ?? 0,
      className: colorOf(model),
    })),
  }));
  const total = daily.reduce((sum, day) => sum + day.cost_usd, 0);
  const draw = (frame: Frame) => <StackedColumns frame={frame} columns={columns} label={charts.cost} formatValue={formatters.usd} />;
  return (
    <ChartCard
      wide
      title={charts.cost}
      caption={charts.costCaption}
      legend={models.map((model) => ({ label: model, className: colorOf(model) }))}
      empty={total === 0 ? charts.noData : null}
    >
      <ResponsiveChart wide={draw(WIDE)} narrow={draw(NARROW)} />
    </ChartCard>
  );
}
