import type { FieldSpec, ModelSpec } from "./models";

export interface InvalidField {
  type: "required" | "invalid_type" | "enum" | "number_gte" | "number_lte";
  field: string;
  description: string;
}

export type InputCheck = { ok: true; values: Record<string, unknown> } | { ok: false; invalidFields: InvalidField[] };

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function checkField(name: string, spec: FieldSpec, value: unknown): InvalidField | undefined {
  const field = `input.${name}`;
  const actual = typeName(value);
  const typeOk = spec.type === actual || (spec.type === "number" && actual === "integer");
  if (!typeOk) {
    return { type: "invalid_type", field, description: `Invalid type. Expected: ${spec.type}, given: ${actual}` };
  }
  if (spec.type === "string" && spec.choices && !spec.choices.includes(value as string)) {
    const list = spec.choices.map((c) => JSON.stringify(c)).join(", ");
    return { type: "enum", field, description: `${field} must be one of the following: ${list}` };
  }
  if ((spec.type === "integer" || spec.type === "number") && typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) {
      return { type: "number_gte", field, description: `Must be greater than or equal to ${spec.min}` };
    }
    if (spec.max !== undefined && value > spec.max) {
      return { type: "number_lte", field, description: `Must be less than or equal to ${spec.max}` };
    }
  }
  return undefined;
}

/**
 * Validates a prediction input the way Replicate does (JSON-schema style messages);
 * unknown keys are ignored, defaults are filled into `values`.
 */
export function checkModelInput(model: ModelSpec, input: Record<string, unknown>): InputCheck {
  const invalidFields: InvalidField[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(model.fields)) {
    const value = input[name];
    if (value === undefined) {
      if (spec.type === "string" && spec.required) {
        invalidFields.push({ type: "required", field: "input", description: `${name} is required` });
      } else if (spec.default !== undefined) {
        values[name] = spec.default;
      }
      continue;
    }
    const problem = checkField(name, spec, value);
    if (problem) invalidFields.push(problem);
    else values[name] = value;
  }
  return invalidFields.length > 0 ? { ok: false, invalidFields } : { ok: true, values };
}

export function validationProblem(invalidFields: InvalidField[]) {
  return {
    title: "Input validation failed",
    detail: invalidFields.map((f) => `- ${f.field}: ${f.description}\n`).join(""),
    status: 422,
    invalid_fields: invalidFields,
  };
}
