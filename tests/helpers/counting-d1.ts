export interface StatementCounter {
  /** Statements executed (each statement of a batch counts). */
  statements: number;
  /** Requests to D1: a single statement or a whole batch. */
  roundTrips: number;
  reset(): void;
}

const executors = new Set<PropertyKey>(["run", "all", "raw", "first"]);

/**
 * Wraps a D1 binding to count what reaches the database, so tests can hold query functions to their statement
 * budget. Statements are counted when executed, not when prepared.
 */
export function countingD1(d1: D1Database): { d1: D1Database; counter: StatementCounter } {
  const counter: StatementCounter = {
    statements: 0,
    roundTrips: 0,
    reset() {
      this.statements = 0;
      this.roundTrips = 0;
    },
  };
  const originals = new WeakMap<object, D1PreparedStatement>();

  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapper = new Proxy(statement, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (executors.has(property)) {
          return (...args: unknown[]) => {
            counter.statements += 1;
            counter.roundTrips += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    originals.set(wrapper, statement);
    return wrapper;
  };

  const wrapped = {
    prepare: (query: string) => wrap(d1.prepare(query)),
    batch: <T>(statements: D1PreparedStatement[]) => {
      counter.statements += statements.length;
      counter.roundTrips += 1;
      return d1.batch<T>(statements.map((statement) => originals.get(statement) ?? statement));
    },
    exec: (query: string) => {
      counter.roundTrips += 1;
      return d1.exec(query);
    },
    dump: () => d1.dump(),
    withSession: (constraint?: string) => d1.withSession(constraint),
  };
  return { d1: wrapped as unknown as D1Database, counter };
}
