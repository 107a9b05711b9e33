const SERIES_CLASSES = 6;

/** A stable colour class per model, so one model keeps its colour across every chart of the page. */
export function modelColorClasses(models: readonly string[]): (model: string) => string {
  const ordered = [...new Set(models)].sort();
  return (model) => {
    const index = ordered.indexOf(model);
    return `fill-series-${(index < 0 ? ordered.length : index) % SERIES_CLASSES}`;
  };
}
