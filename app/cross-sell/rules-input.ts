import { z } from "zod";
import { CATEGORY_KINDS, type CategoryKind, type Criterion } from "./rules";

/**
 * The rule forms of the rules page, parsed with zod (pure). Product ids are Shopify's numeric
 * ids; whether they exist in the shop is checked by rules.server.ts against the shop's catalogue.
 */
const productId = (label: string) =>
  z.string({ required_error: `Choose ${label}` }).trim().min(1, `Choose ${label}`).regex(/^\d+$/, `${label[0].toUpperCase()}${label.slice(1)} must be a product of your shop`);

/** "1,2,3" (or repeated fields joined by the route) as a list of distinct ids, order kept. */
const productIdList = z
  .string({ required_error: "Choose at least one product" })
  .transform((value) => [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))])
  .pipe(
    z
      .array(z.string().regex(/^\d+$/, "Complements must be products of your shop"))
      .min(1, "Choose at least one product")
      .max(8, "Pin at most 8 products"),
  );

const criterion = z
  .string()
  .transform((value, context): Criterion => {
    const separator = value.indexOf(":");
    const kind = value.slice(0, separator) as CategoryKind;
    const text = value.slice(separator + 1).trim();
    if (separator < 0 || !CATEGORY_KINDS.includes(kind) || text.length === 0) {
      context.addIssue({ code: "custom", message: `Not a category: ${value}` });
      return z.NEVER;
    }
    return { kind, value: text };
  });

const categoryKind = z.enum(CATEGORY_KINDS as [CategoryKind, ...CategoryKind[]], {
  errorMap: () => ({ message: "Choose collection, product type, vendor or tag" }),
});

export const ruleInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pin"), id: z.string().optional(), productId: productId("a product"), complementIds: productIdList }),
  z.object({ kind: z.literal("exclude"), id: z.string().optional(), productId: productId("the product to exclude") }),
  z.object({
    kind: z.literal("exclude-pair"),
    id: z.string().optional(),
    productId: productId("a product"),
    otherProductId: productId("the other product"),
  }),
  z.object({
    kind: z.literal("category"),
    id: z.string().optional(),
    matchKind: categoryKind,
    matchValue: z.string({ required_error: "Enter what the products have in common" }).trim().min(1, "Enter what the products have in common").max(255),
    /** "kind:value" entries, comma-free values joined by newline. */
    targets: z
      .string({ required_error: "Choose at least one category to recommend from" })
      .transform((value) => value.split("\n").map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(criterion).min(1, "Choose at least one category to recommend from").max(10, "At most 10 categories per rule")),
  }),
], { errorMap: (issue, context) => (issue.code === "invalid_union_discriminator" ? { message: "Unknown kind of rule" } : { message: context.defaultError }) });

export type RuleInput = z.infer<typeof ruleInputSchema>;

/** zod issues as { field: first message }, for inline errors. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
