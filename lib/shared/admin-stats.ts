import type { ModelKey } from "@/lib/shared/models/catalogue";
import type { StatsWindow } from "@/lib/shared/stats-windows";
import type { RefusalReason } from "@/lib/shared/refusal-reasons";
import type { TaskStatus } from "@/lib/shared/task-status";

/** One bucket of the gateway-call time series. */
export interface SeriesPoint {
  /** ISO time of the bucket's start (UTC). */
  start: string;
  calls: number;
  errors: number;
  cache_hits: number;
}

/** The body of GET /api/admin/stats, also what the dashboard renders. Rates are 0..1, null when nothing was counted. */
export interface AdminStats {
  window: StatsWindow;
  since: string;
  until: string;
  /** Size of each time-series bucket. */
  bucket_ms: number;
  gateway: GatewayFigures;
  tasks: TaskFigures;
  spend: SpendFigures;
  /** GEMINI_MODEL and its lifecycle; `successor` is set when the id is deprecated (Google's named replacement). */
  gemini: { model: string; successor: string | null; notice: string | null };
  /** Requests refused to protect the budget, per reason, every reason listed (0 when none). */
  refusals: { reason: RefusalReason; count: number }[];
}

/** Money reserved and spent per UTC day (a task's unused reservation is given back when it ends). */
export interface SpendFigures {
  /** The daily budgets now; null when off. */
  budgets_usd: { user: number | null; client: number | null; global: number | null };
  /** Per day of the window: everyone's spend, and the most any one user and any one client address spent. */
  days: { day: string; global_usd: number; top_user_usd: number; top_client_usd: number }[];
  /** Client addresses as their keyed hash (never the address), most spend first. */
  top_clients: { client: string; spent_usd: number }[];
  uploads: UploadFigures;
}

/** Bytes uploaded per UTC day, counted as uploads are stored (the counts outlive the uploads, which expire). */
interface UploadFigures {
  /** The daily upload quotas now, in bytes; null when off. */
  quota_bytes: { user: number | null; client: number | null };
  /** Per day of the window that had uploads: everyone's bytes. */
  days: { day: string; bytes: number }[];
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface GatewayTargetFigures {
  provider: string;
  model: string;
  operation: string;
  calls: number;
  errors: number;
  error_rate: number | null;
  retries: number;
  cache_hits: number;
  avg_latency_ms: number;
  max_latency_ms: number;
}

export interface GatewayFigures {
  calls: number;
  errors: number;
  error_rate: number | null;
  /** Requests sent again: the sum of attempts - 1. */
  retries: number;
  /** Only prompt help may be answered from the gateway cache (Replicate calls always skip it). */
  cache: { lookups: number; hits: number; hit_rate: number | null };
  /** Over every call of the window, failed ones included (their latency is what the caller waited). */
  latency_ms: LatencyFigures | null;
  latency_by_model: (LatencyFigures & { model: string })[];
  by_provider: { provider: string; calls: number; errors: number; retries: number }[];
  by_operation: { operation: string; calls: number; errors: number; retries: number }[];
  by_target: GatewayTargetFigures[];
  errors_by_kind: { kind: string; count: number; rate: number }[];
  series: SeriesPoint[];
}

export interface ModelCost {
  model: string;
  tasks: number;
  images: number;
  cost_usd: number;
}

export interface TaskFigures {
  total: number;
  by_status: Record<TaskStatus, number>;
  /** `pending`: not finished yet (queued, submitting, starting or processing). */
  by_model: (ModelCost & { succeeded: number; failed: number; canceled: number; pending: number })[];
  failures_by_code: { code: string; count: number }[];
  images: number;
  /** What was charged: the sum of the cost stored on each task when it succeeded. */
  cost_usd: number;
  daily: { day: string; tasks: number; images: number; cost_usd: number; models: ModelCost[] }[];
  /** The prices charged now (the registry, with MODEL_PRICES_USD applied). */
  prices_usd_per_image: Record<ModelKey, number>;
}
