import type { ProgramForm } from "./program";

/**
 * Action earning rules (pure): points for creating an account and for a first order, each
 * switched on by a positive number of points. Each award has a source key that can occur once
 * per customer, so a repeated webhook or task awards nothing more.
 */

export const actionSourceKeys = {
  signup: (customerId: string) => `action:signup:${customerId}`,
  firstOrder: (customerId: string) => `action:first-order:${customerId}`,
  birthday: (customerId: string, year: number) => `action:birthday:${customerId}:${year}`,
};

type ActionProgram = Pick<ProgramForm, "enabled" | "signupPoints" | "firstOrderPoints" | "birthdayPoints"> & { enabledAt: Date | null };

/**
 * Points for an account created while the program is on (a customer who existed before earns
 * nothing for it: customers/create is only sent for new accounts, this also guards a replay).
 */
export function signupAward(program: ActionProgram, customerCreatedAt: Date | null): number {
  if (!program.enabled || program.signupPoints <= 0 || !customerCreatedAt) return 0;
  if (program.enabledAt && customerCreatedAt.getTime() < Math.floor(program.enabledAt.getTime() / 1000) * 1000) return 0;
  return program.signupPoints;
}

export interface ActionOrder {
  id: string;
  processedAt: Date;
  cancelled: boolean;
}

/**
 * The first-order bonus, due when the customer's first order's points became spendable (its
 * pending period is over or it was fulfilled), so a first order refunded within the period
 * earns no bonus. First = the earliest order of the customer that is not cancelled.
 */
export function firstOrderAward(program: ActionProgram, input: { orderId: string; released: boolean; customerOrders: ActionOrder[] }): number {
  if (!program.enabled || program.firstOrderPoints <= 0 || !input.released) return 0;
  const first = input.customerOrders
    .filter((o) => !o.cancelled)
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || a.id.localeCompare(b.id))[0];
  return first?.id === input.orderId ? program.firstOrderPoints : 0;
}

/**
 * The birthday award due today (UTC), once a year: the year is in the source key. A 29 February
 * birthday is celebrated on 28 February in other years. Null: not today, no valid date, rule off.
 */
export function birthdayAward(program: ActionProgram, birthDate: string | null, now: Date): { points: number; year: number } | null {
  if (!program.enabled || program.birthdayPoints <= 0 || !birthDate) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const year = now.getUTCFullYear();
  const month = Number(match[2]);
  let dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && dayOfMonth === 29 && !leap) dayOfMonth = 28;
  if (now.getUTCMonth() + 1 !== month || now.getUTCDate() !== dayOfMonth) return null;
  return { points: program.birthdayPoints, year };
}
