// Customers: queries, customerUpdate and customerEmailMarketingConsentUpdate.
import { GraphQLError } from "graphql";
import type { SandboxStore } from "../store/store";
import type { SandboxAddress, SandboxCustomer, SandboxOrder } from "../store/types";
import { toGid } from "../store/types";
import { connection, count, type ConnectionArgs } from "./connection";
import { nowIso, requireScope, type AdminApiContext, type UserError } from "./context";
import { gidOf, idOf } from "./ids";
import { moneyV2 } from "./money";
import { orderConnection, orderNode, visibleOrders } from "./orders";
import {
  applySearch, matchBoolean, matchDate, matchExact, matchId, matchNumber, matchTags,
  type SearchSpec,
} from "./search";
import { sortValueFor, type SortValueFn } from "./sorting";
import { MAX_TAGS, normalizeTags, TAG_MAX_LENGTH } from "./tags";
import { resolveNamespace } from "./app-discounts";
import { customerMetafields, metafieldNodeOf } from "./metafields";

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

export function refundedCents(order: SandboxOrder): number {
  return order.refunds.reduce(
    (sum, refund) => sum + refund.shippingRefundCents + refund.refundLineItems.reduce((s, item) => s + item.subtotalCents, 0),
    0,
  );
}

/** Orders count and money spent (paid, not cancelled, net of refunds), over all orders. */
export function customerStats(store: SandboxStore, customerId: number) {
  let numberOfOrders = 0;
  let amountSpentCents = 0;
  let lastOrder: SandboxOrder | null = null;
  for (const order of store.state.orders) {
    if (order.customerId !== customerId) continue;
    numberOfOrders += 1;
    if (!order.cancelledAt && PAID_STATUSES.has(order.financialStatus)) amountSpentCents += order.totalCents - refundedCents(order);
    if (!lastOrder || order.createdAt > lastOrder.createdAt) lastOrder = order;
  }
  return { numberOfOrders, amountSpentCents, lastOrder };
}

export function mailingAddressNode(
  address: SandboxAddress,
  id: number,
  person: { firstName: string; lastName: string; phone: string | null },
) {
  const name = `${person.firstName} ${person.lastName}`.trim();
  return {
    __typename: "MailingAddress",
    id: gidOf("MailingAddress", id),
    firstName: person.firstName,
    lastName: person.lastName,
    name,
    company: null,
    phone: person.phone,
    address1: address.address1,
    address2: null,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    country: address.country,
    countryCode: address.countryCode,
    countryCodeV2: address.countryCode,
    formattedArea: `${address.city} ${address.provinceCode}, ${address.country}`.trim(),
    formatted: () => [address.address1, `${address.city} ${address.provinceCode} ${address.zip}`.trim(), address.country].filter(Boolean),
  };
}

function marketingOptInLevel(customer: SandboxCustomer): string | null {
  return customer.emailMarketingConsent === "NOT_SUBSCRIBED" ? null : "SINGLE_OPT_IN";
}

export function customerNode(store: SandboxStore, customer: SandboxCustomer) {
  const currency = store.state.shop.currencyCode;
  const stats = () => customerStats(store, customer.id);
  const address = customer.defaultAddress
    ? mailingAddressNode(customer.defaultAddress, customer.id, customer)
    : null;
  return {
    __typename: "Customer",
    id: toGid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
    email: customer.email || null,
    phone: customer.phone,
    defaultEmailAddress: customer.email
      ? {
          emailAddress: customer.email,
          marketingState: customer.emailMarketingConsent,
          marketingOptInLevel: marketingOptInLevel(customer),
          marketingUpdatedAt: null,
          validFormat: true,
        }
      : null,
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    emailMarketingConsent: customer.email
      ? { marketingState: customer.emailMarketingConsent, marketingOptInLevel: marketingOptInLevel(customer), consentUpdatedAt: null }
      : null,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    tags: customer.tags,
    note: null,
    state: "ENABLED",
    verifiedEmail: true,
    validEmailAddress: true,
    locale: "en",
    taxExempt: false,
    canDelete: false,
    numberOfOrders: () => String(stats().numberOfOrders), // UnsignedInt64 is a string in JSON
    amountSpent: () => moneyV2(stats().amountSpentCents, currency),
    defaultAddress: address,
    addresses: () => (address ? [address] : []),
    addressesV2: (args: ConnectionArgs) =>
      connection(customer.defaultAddress ? [customer.defaultAddress] : [], args, {
        id: () => customer.id,
        node: (a) => mailingAddressNode(a, customer.id, customer),
      }),
    lastOrder: (_args: unknown, context: AdminApiContext) => {
      const last = visibleOrders(store, context)
        .filter((o) => o.customerId === customer.id)
        .reduce<SandboxOrder | null>((latest, o) => (!latest || o.createdAt > latest.createdAt ? o : latest), null);
      return last ? orderNode(store, last) : null;
    },
    orders: (args: ListArgs, context: AdminApiContext) =>
      orderConnection(store, visibleOrders(store, context).filter((o) => o.customerId === customer.id), args, context, ["orders"], "ID"),
    // Shopify keeps birthdays in the standard `facts.birth_date` customer metafield.
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      if (namespace === "facts" && key === "birth_date" && customer.birthday) {
        return {
          __typename: "Metafield",
          id: gidOf("Metafield", customer.id),
          namespace: "facts",
          key: "birth_date",
          type: "date",
          value: customer.birthday,
          jsonValue: customer.birthday,
          createdAt: customer.createdAt,
          updatedAt: customer.updatedAt,
          ownerType: "CUSTOMER",
        };
      }
      const stored = customerMetafields(customer).find((m) => m.namespace === resolveNamespace(namespace ?? "$app") && m.key === key);
      return stored ? metafieldNodeOf(stored, "CUSTOMER") : null;
    },
  };
}

// ---- search and sort ------------------------------------------------------------------------

function customerSearch(store: SandboxStore): SearchSpec<SandboxCustomer> {
  return {
    fields: {
      email: (c, t) => matchExact(c.email, t),
      first_name: (c, t) => matchExact(c.firstName, t),
      last_name: (c, t) => matchExact(c.lastName, t),
      phone: (c, t) => matchExact(c.phone, t),
      tag: (c, t) => matchTags(c.tags, t),
      tag_not: (c, t) => !matchTags(c.tags, t),
      id: (c, t) => matchId(c.id, t),
      customer_id: (c, t) => matchId(c.id, t),
      state: (_c, t) => matchExact("enabled", t),
      country: (c, t) => matchExact(c.defaultAddress?.country, t) || matchExact(c.defaultAddress?.countryCode, t),
      accepts_marketing: (c, t) => matchBoolean(c.emailMarketingConsent === "SUBSCRIBED", t),
      email_marketing_state: (c, t) => matchExact(c.emailMarketingConsent, t),
      created_at: (c, t) => matchDate(c.createdAt, t),
      customer_date: (c, t) => matchDate(c.createdAt, t),
      updated_at: (c, t) => matchDate(c.updatedAt, t),
      orders_count: (c, t) => matchNumber(customerStats(store, c.id).numberOfOrders, t),
      number_of_orders: (c, t) => matchNumber(customerStats(store, c.id).numberOfOrders, t),
      total_spent: (c, t) => matchNumber(customerStats(store, c.id).amountSpentCents / 100, t),
      amount_spent: (c, t) => matchNumber(customerStats(store, c.id).amountSpentCents / 100, t),
    },
    freeText: (c, text) => [`${c.firstName} ${c.lastName}`, c.email, c.phone ?? ""].some((s) => s.toLowerCase().includes(text)),
  };
}

const CUSTOMER_SORT: Record<string, SortValueFn<SandboxCustomer>> = {
  ID: (c) => c.id,
  RELEVANCE: (c) => c.id,
  CREATED_AT: (c) => c.createdAt,
  UPDATED_AT: (c) => c.updatedAt,
  NAME: (c) => `${c.firstName} ${c.lastName}`.toLowerCase(),
  LOCATION: (c) => `${c.defaultAddress?.country ?? ""} ${c.defaultAddress?.province ?? ""} ${c.defaultAddress?.city ?? ""}`.toLowerCase(),
};

export function customerQueries(store: SandboxStore) {
  return {
    customers: (args: ListArgs, context: AdminApiContext) => {
      requireScope(context, "customers", "read_customers");
      const filtered = applySearch(store.state.customers, args.query, customerSearch(store), context, ["customers"]);
      return connection(filtered, args, {
        id: (c) => c.id,
        sortValue: sortValueFor("customers", args.sortKey, CUSTOMER_SORT, "ID"),
        node: (c) => customerNode(store, c),
      });
    },
    customersCount: (args: { query?: string | null; limit?: number | null }, context: AdminApiContext) => {
      requireScope(context, "customersCount", "read_customers");
      return count(applySearch(store.state.customers, args.query, customerSearch(store), context, ["customersCount"]).length, args.limit);
    },
    customer: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "customer", "read_customers");
      const customerId = idOf(id, "Customer");
      const customer = customerId === null ? null : store.customer(customerId);
      return customer ? customerNode(store, customer) : null;
    },
    customerByIdentifier: (
      { identifier }: { identifier: { id?: string; emailAddress?: string; phoneNumber?: string } },
      context: AdminApiContext,
    ) => {
      requireScope(context, "customerByIdentifier", "read_customers");
      const customerId = identifier.id ? idOf(identifier.id, "Customer") : null;
      const customer = store.state.customers.find(
        (c) =>
          (customerId !== null && c.id === customerId) ||
          (identifier.emailAddress && c.email.toLowerCase() === identifier.emailAddress.toLowerCase()) ||
          (identifier.phoneNumber && c.phone === identifier.phoneNumber),
      );
      return customer ? customerNode(store, customer) : null;
    },
  };
}

// ---- mutations ------------------------------------------------------------------------------

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{5,}$/;
// NOT_SUBSCRIBED, REDACTED and INVALID are states Shopify sets, never inputs.
const SETTABLE_MARKETING_STATES = new Set(["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

interface CustomerInput {
  id?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  emailMarketingConsent?: unknown;
  smsMarketingConsent?: unknown;
  [other: string]: unknown;
}

/** Input fields the sandbox applies; anything else is rejected so it is not silently dropped. */
const SUPPORTED_UPDATE_FIELDS = new Set(["id", "email", "firstName", "lastName", "phone", "tags", "emailMarketingConsent", "smsMarketingConsent"]);

export function customerMutations(store: SandboxStore) {
  const touch = (customer: SandboxCustomer, context: AdminApiContext) => {
    customer.updatedAt = nowIso(context);
    store.changed();
    context.onResourceUpdated?.("Customer", customer.id);
  };

  return {
    customerUpdate: ({ input }: { input: CustomerInput }, context: AdminApiContext) => {
      requireScope(context, "customerUpdate", "write_customers");
      const fail = (userErrors: UserError[]) => ({ customer: null, userErrors });
      // Shopify refuses marketing consent here; it has its own mutations.
      const consentErrors: UserError[] = [];
      if (input.emailMarketingConsent != null) {
        consentErrors.push({
          field: ["emailMarketingConsent"],
          message: "To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead",
        });
      }
      if (input.smsMarketingConsent != null) {
        consentErrors.push({
          field: ["smsMarketingConsent"],
          message: "To update smsMarketingConsent, please use the customerSmsMarketingConsentUpdate Mutation instead",
        });
      }
      if (consentErrors.length) return fail(consentErrors);
      const unsupported = Object.keys(input).filter((key) => input[key] !== undefined && !SUPPORTED_UPDATE_FIELDS.has(key));
      if (unsupported.length) {
        return fail(
          unsupported.map((key) => ({
            field: [key],
            message: `The Encore sandbox does not implement CustomerInput.${key} in customerUpdate (add it in app/sandbox/admin-api/customers.ts)`,
          })),
        );
      }
      if (!input.id) return fail([{ field: ["id"], message: "Customer id is required" }]);
      const customerId = idOf(input.id, "Customer");
      const customer = customerId === null ? null : store.customer(customerId);
      if (!customer) return fail([{ field: ["id"], message: "Customer does not exist" }]);

      const errors: UserError[] = [];
      if (input.email != null) {
        const email = input.email.trim();
        if (!EMAIL_PATTERN.test(email)) errors.push({ field: ["email"], message: "Email is invalid" });
        else if (store.state.customers.some((c) => c.id !== customer.id && c.email.toLowerCase() === email.toLowerCase())) {
          errors.push({ field: ["email"], message: "Email has already been taken" });
        }
      }
      if (input.phone != null && input.phone !== "") {
        if (!PHONE_PATTERN.test(input.phone)) errors.push({ field: ["phone"], message: "Phone is invalid" });
        else if (store.state.customers.some((c) => c.id !== customer.id && c.phone === input.phone)) {
          errors.push({ field: ["phone"], message: "Phone has already been taken" });
        }
      }
      for (const [key, label] of [["firstName", "First name"], ["lastName", "Last name"]] as const) {
        if ((input[key]?.length ?? 0) > 255) errors.push({ field: [key], message: `${label} is too long (maximum is 255 characters)` });
      }
      const tags = input.tags != null ? normalizeTags(input.tags) : null;
      if (tags?.some((tag) => tag.length > TAG_MAX_LENGTH)) {
        errors.push({ field: ["tags"], message: `Tags is too long (maximum is ${TAG_MAX_LENGTH} characters)` });
      }
      if (tags && tags.length > MAX_TAGS) errors.push({ field: ["tags"], message: `Tags cannot be more than ${MAX_TAGS}` });
      if (errors.length) return fail(errors);
      const after = {
        email: input.email != null ? input.email.trim() : customer.email,
        phone: input.phone !== undefined ? input.phone || null : customer.phone,
        firstName: input.firstName ?? customer.firstName,
        lastName: input.lastName ?? customer.lastName,
      };
      if (!after.email && !after.phone && !after.firstName && !after.lastName) {
        return fail([{ field: null, message: "A name, phone number, or email address must be present" }]);
      }

      Object.assign(customer, after);
      if (tags) customer.tags = tags;
      touch(customer, context);
      return { customer: customerNode(store, customer), userErrors: [] };
    },

    customerEmailMarketingConsentUpdate: (
      { input }: { input: { customerId: string; emailMarketingConsent: { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } } },
      context: AdminApiContext,
    ) => {
      requireScope(context, "customerEmailMarketingConsentUpdate", "write_customers");
      const consent = input.emailMarketingConsent;
      if (!SETTABLE_MARKETING_STATES.has(consent.marketingState)) {
        // Shopify answers these with a top-level error, not a userError.
        throw new GraphQLError(`Cannot specify ${consent.marketingState} as a marketing state input`, { extensions: { code: "INVALID" } });
      }
      const customerId = idOf(input.customerId, "Customer");
      const customer = customerId === null ? null : store.customer(customerId);
      if (!customer) {
        return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
      }
      const unchanged = (field: string[], message: string, code: string) => ({
        customer: customerNode(store, customer),
        userErrors: [{ field, message, code }],
      });
      if (!consent.marketingOptInLevel) {
        return unchanged(["input", "emailMarketingConsent", "marketingOptInLevel"], "Marketing opt in level must exist", "MISSING_ARGUMENT");
      }
      if (consent.consentUpdatedAt && Date.parse(consent.consentUpdatedAt) > context.now()) {
        return unchanged(["input", "emailMarketingConsent", "consentUpdatedAt"], "Consent updated at must not be in the future", "INVALID");
      }
      if (consent.marketingState === "PENDING") {
        throw new GraphQLError("The Encore sandbox store does not model the PENDING email marketing state (add it in app/sandbox/store/types.ts)", {
          extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
        });
      }
      if (!customer.email) return { customer: customerNode(store, customer), userErrors: [] }; // Shopify ignores it too
      customer.emailMarketingConsent = consent.marketingState as SandboxCustomer["emailMarketingConsent"];
      touch(customer, context);
      return { customer: customerNode(store, customer), userErrors: [] };
    },
  };
}
