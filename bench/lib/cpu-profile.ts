import { Session } from "node:inspector/promises";
import { relative } from "node:path";

export interface HotSpots {
  /** Self time grouped by our file, npm package or runtime part, percent of the profile. */
  byFile: { where: string; selfPercent: number }[];
  byFunction: { function: string; where: string; selfPercent: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function placeOf(root: string, url: string): string {
  if (!url) return "(native: GC, program, builtins)";
  if (url.startsWith("node:")) return "node runtime (fetch, streams, timers)";
  const path = url.startsWith("file://") ? relative(root, new URL(url).pathname) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return pkg ? `npm:${pkg[1]}` : path;
}

const percent = (part: number, total: number) => Math.round((part / Math.max(1, total)) * 1000) / 10;

function top(map: Map<string, number>, total: number, count: number): [string, number][] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, time]) => [key, percent(time, total)]);
}

/** Runs `work` under V8's sampling CPU profiler and returns where its time went (self time). */
export async function profileCpu(root: string, work: () => Promise<void>, count = 10): Promise<HotSpots> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    await work();
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
    const byFile = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let total = 0;
    (profile.samples ?? []).forEach((nodeId, index) => {
      const node = byNode.get(nodeId);
      const delta = profile.timeDeltas?.[index] ?? 0;
      if (!node) return;
      const place = placeOf(root, node.callFrame.url);
      byFile.set(place, (byFile.get(place) ?? 0) + delta);
      const fn = `${node.callFrame.functionName || "(anonymous)"}\t${place}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
      total += delta;
    });
    return {
      byFile: top(byFile, total, count).map(([where, selfPercent]) => ({ where, selfPercent })),
      byFunction: top(byFunction, total, count).map(([key, selfPercent]) => {
        const [fn, where] = key.split("\t") as [string, string];
        return { function: fn, where, selfPercent };
      }),
    };
  } finally {
    session.disconnect();
  }
}
