// metafieldsSet on customers (what Encore writes: the loyalty balance and tier), atomic like
// Shopify's: every input is checked first, and one error sets nothing.
import { GraphQLError } from "graphql";
import type { SandboxStore } from "../store/store";
import type { SandboxCustomer, SandboxMetafield } from "../store/types";
import { resolveNamespace } from "./app-discounts";
import { nowIso, requireScope, type AdminApiContext } from "./context";
import { gidOf, parseAnyGid } from "./ids";

/** Shopify's limit of metafields per metafieldsSet call. */
export const METAFIELDS_SET_MAX = 25;
const TYPES = new Set(["single_line_text_field", "number_integer"]);

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

type SetError = { field: string[]; message: string; code: string; elementIndex: number | null };

function sandboxGap(what: string): GraphQLError {
  return new GraphQLError(`The Encore sandbox does not implement ${what} (add it in app/sandbox/admin-api/metafields.ts)`, {
    extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
  });
}

export function customerMetafields(customer: SandboxCustomer): SandboxMetafield[] {
  customer.metafields ??= [];
  return customer.metafields;
}

export function metafieldNodeOf(metafield: SandboxMetafield, ownerType: string) {
  return {
    __typename: "Metafield",
    id: gidOf("Metafield", metafield.id),
    legacyResourceId: String(metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: metafield.type === "number_integer" ? Number(metafield.value) : metafield.value,
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
    ownerType,
  };
}

export function metafieldMutations(store: SandboxStore) {
  return {
    metafieldsSet: ({ metafields }: { metafields: MetafieldsSetInput[] }, context: AdminApiContext) => {
      if (metafields.length > METAFIELDS_SET_MAX) {
        return { metafields: null, userErrors: [{ field: ["metafields"], message: `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_MAX}.`, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
      }
      const errors: SetError[] = [];
      const plans = metafields.map((input, index) => {
        const at = (field: string) => ["metafields", String(index), field];
        const fail = (field: string, message: string, code: string) => {
          errors.push({ field: at(field), message, code, elementIndex: index });
          return null;
        };
        if (input.compareDigest) throw sandboxGap("metafieldsSet with compareDigest");
        const owner = parseAnyGid(input.ownerId);
        if (owner.resource !== "Customer") throw sandboxGap(`metafieldsSet on ${owner.resource} (customers only)`);
        requireScope(context, "metafieldsSet", "write_customers");
        const customer = store.customer(owner.id);
        if (!customer) return fail("ownerId", "Owner does not exist.", "INVALID");
        const namespace = resolveNamespace(input.namespace ?? "$app");
        if (input.key.length < 2) return fail("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
        if (input.key.length > 64) return fail("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
        const existing = customerMetafields(customer).find((m) => m.namespace === namespace && m.key === input.key) ?? null;
        const type = input.type ?? existing?.type;
        if (!type) return fail("type", "Type can't be blank", "BLANK");
        if (!TYPES.has(type)) throw sandboxGap(`metafields of type ${type}`);
        if (existing && existing.type !== type) return fail("type", `Type must be ${existing.type} (the metafield's type).`, "INVALID_TYPE");
        if (input.value.trim() === "") return fail("value", "Value can't be blank", "BLANK");
        if (type === "number_integer" && !/^-?\d+$/.test(input.value.trim())) return fail("value", "Value must be an integer.", "INVALID_VALUE");
        if (type === "single_line_text_field" && /[\r\n]/.test(input.value)) return fail("value", "Value must be a single line text string.", "INVALID_VALUE");
        return { customer, namespace, key: input.key, type, value: type === "number_integer" ? String(Number(input.value.trim())) : input.value };
      });
      if (errors.length > 0) return { metafields: null, userErrors: errors };
      const now = nowIso(context);
      const written = plans.map((plan) => {
        const { customer, namespace, key, type, value } = plan!;
        const list = customerMetafields(customer);
        let metafield = list.find((m) => m.namespace === namespace && m.key === key);
        if (metafield) Object.assign(metafield, { value, updatedAt: now });
        else list.push((metafield = { id: store.nextId(), namespace, key, type, value, createdAt: now, updatedAt: now }));
        customer.updatedAt = now;
        context.onResourceUpdated?.("Customer", customer.id);
        return metafieldNodeOf(metafield, "CUSTOMER");
      });
      store.changed();
      return { metafields: written, userErrors: [] };
    },
  };
}
