// A shopper creating an account (the storefront's /account/register or the merchant control
// POST /sandbox/customers): the customer is stored and Shopify's customers/create goes out.
import type { SandboxContext } from "../sandbox-context";
import type { SandboxCustomer } from "./types";

export interface SignUp {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Ticked "Email me with news and offers". */
  acceptsMarketing?: boolean;
}

export type SignUpResult = { ok: true; customer: SandboxCustomer } | { ok: false; status: 400 | 422; message: string };

export function signUpCustomer(context: SandboxContext, input: SignUp): SignUpResult {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { ok: false, status: 400, message: "Enter a valid email address." };
  if (context.store.state.customers.some((c) => c.email.toLowerCase() === email)) {
    return { ok: false, status: 422, message: `An account with ${email} already exists: log in instead.` };
  }
  const now = new Date().toISOString();
  const customer: SandboxCustomer = {
    id: context.store.nextId(),
    email,
    firstName: input.firstName?.trim() ?? "",
    lastName: input.lastName?.trim() ?? "",
    phone: null,
    createdAt: now,
    updatedAt: now,
    emailMarketingConsent: input.acceptsMarketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
    tags: [],
    birthday: null,
    defaultAddress: null,
  };
  context.store.state.customers.push(customer);
  context.store.changed();
  context.events.customerCreated(customer);
  return { ok: true, customer };
}
