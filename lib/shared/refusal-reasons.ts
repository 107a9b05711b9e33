/** Why a request was refused to protect the owner's money, as the dashboard counts them per hour. */
export const REFUSAL_REASONS = ["rate", "queue", "budget", "cross_origin"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
