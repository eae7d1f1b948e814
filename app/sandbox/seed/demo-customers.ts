// Who the demo shop's customers are and how each of them will shop: what brought them in, whether
// they come back, for how long, and what they run out of.
import type { SandboxAddress, SandboxCustomer } from "../store/types";
import { DAY_MS, isHolidaySeason, randomShoppingMoment } from "./calendar";
import type { CoffeeSize, DemoCatalog, VariantPreferences } from "./demo-catalog";
import { randomAddress, randomPerson, randomPhone, type Person } from "./people";
import type { Random } from "./random";
import { INTERESTS, type HabitKind, type ShoppingInterest } from "./shopping-patterns";

// The shop opened with a launch push (the café's regulars signed up in the first weeks); they are
// the core of loyal repeat buyers. Everyone else arrives over the following months.
const LAUNCH_COHORT_SHARE = 0.25;
const LAUNCH_DAYS = 45;
const NEWSLETTER_ONLY_SHARE = 0.04;
/** Repeat buyers who keep buying until today; the others drift away after a while. */
const LOYAL_SHARE = 0.7;

export interface CustomerPlan extends VariantPreferences {
  person: Person;
  address: SandboxAddress;
  phone: string | null;
  birthday: string | null;
  emailMarketingConsent: SandboxCustomer["emailMarketingConsent"];
  tags: string[];
  createdAtMs: number;
  /** Null for someone who signed up for the newsletter and never ordered. */
  interest: ShoppingInterest | null;
  isRepeatBuyer: boolean;
  /** No orders after this moment (a churned customer's is before now). */
  activeUntilMs: number;
  habits: HabitKind[];
  favoriteCoffees: string[];
  favoriteTeas: string[];
  /** Set once customers are numbered (in sign-up order). */
  id: number;
}

export function planCustomers(count: number, openedAtMs: number, nowMs: number, catalog: DemoCatalog, usedEmails: Set<string>, random: Random): CustomerPlan[] {
  const plans: CustomerPlan[] = [];
  const launchCohortSize = Math.round(count * LAUNCH_COHORT_SHARE);
  for (let i = 0; i < count; i++) {
    const inLaunchCohort = i < launchCohortSize;
    // Launch sign-ups bunch up in the first days.
    const createdAtMs = inLaunchCohort
      ? randomShoppingMoment(openedAtMs, openedAtMs + Math.min(random.next(), random.next()) * LAUNCH_DAYS * DAY_MS + DAY_MS, random)
      : randomShoppingMoment(openedAtMs, nowMs, random);
    plans.push(planShopper(createdAtMs, { inLaunchCohort, isGuest: false }, nowMs, catalog, usedEmails, random));
  }
  return plans.sort((a, b) => a.createdAtMs - b.createdAtMs);
}

/** Someone who checks out once without an account: shops like a new customer, never comes back as one. */
export function planGuest(atMs: number, nowMs: number, catalog: DemoCatalog, usedEmails: Set<string>, random: Random): CustomerPlan {
  return planShopper(atMs, { inLaunchCohort: false, isGuest: true }, nowMs, catalog, usedEmails, random);
}

function planShopper(
  createdAtMs: number,
  kind: { inLaunchCohort: boolean; isGuest: boolean },
  nowMs: number,
  catalog: DemoCatalog,
  usedEmails: Set<string>,
  random: Random,
): CustomerPlan {
  const { inLaunchCohort, isGuest } = kind;
  const person = randomPerson(random, usedEmails);
  // Only interests whose starting product is already in the shop (the cold brew pitcher came later).
  const interests = INTERESTS.filter((i) => i.anchors.some((a) => a.item.startsWith("favorite-") || catalog.isOnSale(a.item, createdAtMs)));
  const interest =
    !isGuest && random.chance(NEWSLETTER_ONLY_SHARE)
      ? null
      : random.weighted(interests, (i) => i.weight * (isHolidaySeason(createdAtMs) ? (i.holidayWeight ?? 1) : 1));

  const repeatProbability = interest && !isGuest ? Math.min(0.9, interest.repeatProbability * (inLaunchCohort ? 1.5 : 0.8)) : 0;
  const isRepeatBuyer = random.chance(repeatProbability);
  const isLoyal = random.chance(inLaunchCohort ? LOYAL_SHARE + 0.1 : LOYAL_SHARE);
  const activeUntilMs = isRepeatBuyer && !isLoyal ? createdAtMs + random.between(40, 300) * DAY_MS : nowMs;

  const habits: HabitKind[] = [...(interest?.habits ?? [])];
  // Some coffee households also drink tea, and the other way round.
  if (habits.includes("coffee") && random.chance(0.2)) habits.push("tea");
  if (habits.includes("tea") && !habits.includes("coffee") && random.chance(0.15)) habits.push("coffee");

  const interestCoffees = (interest?.coffees ?? []).filter((h) => catalog.isOnSale(h, createdAtMs));
  const coffeePool = interestCoffees.length > 0 ? interestCoffees : catalog.everydayCoffees(createdAtMs);
  const favoriteCoffees = pickFavorites(coffeePool, random.int(1, 3), catalog, random);
  const favoriteTeas = interest?.name === "matcha" ? ["ceremonial-matcha"] : pickFavorites(catalog.everydayTeas(createdAtMs), random.int(1, 2), catalog, random);

  const consentRoll = random.next();
  const subscribeChance = interest === null ? 0.9 : isRepeatBuyer ? 0.62 : 0.46;
  const emailMarketingConsent = consentRoll < subscribeChance ? "SUBSCRIBED" : consentRoll < subscribeChance + 0.08 ? "UNSUBSCRIBED" : "NOT_SUBSCRIBED";

  const tags: string[] = [];
  if (interest === null) tags.push("newsletter");
  if (inLaunchCohort && isRepeatBuyer) tags.push("cafe-regular");

  return {
    person,
    address: randomAddress(random),
    phone: random.chance(0.35) ? randomPhone(random) : null,
    birthday: random.chance(0.3) ? randomBirthday(random) : null,
    emailMarketingConsent,
    tags,
    createdAtMs,
    interest,
    isRepeatBuyer,
    activeUntilMs,
    habits,
    favoriteCoffees,
    favoriteTeas,
    grind: interest ? random.weighted(interest.grinds, (g) => g.weight).grind : "Whole Bean",
    coffeeSize: (random.chance(isRepeatBuyer ? 0.3 : 0.12) ? "2 lb" : "12 oz") satisfies CoffeeSize,
    id: 0,
  };
}

function pickFavorites(pool: string[], count: number, catalog: DemoCatalog, random: Random): string[] {
  const favorites: string[] = [];
  const remaining = [...pool];
  while (favorites.length < count && remaining.length > 0) {
    const handle = random.weighted(remaining, (h) => catalog.entry(h).popularity);
    favorites.push(handle);
    remaining.splice(remaining.indexOf(handle), 1);
  }
  return favorites;
}

function randomBirthday(random: Random): string {
  const year = random.int(1955, 2004);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
