// Names and US places for the demo shop's customers. Emails use example.com / example.org only;
// phone numbers use the 555-01xx range reserved for fiction.
import type { SandboxAddress } from "../store/types";
import type { Random } from "./random";

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "William",
  "Mia", "Benjamin", "Charlotte", "Lucas", "Amelia", "Henry", "Harper", "Alexander", "Evelyn", "Mason",
  "Abigail", "Michael", "Emily", "Ethan", "Ella", "Daniel", "Elizabeth", "Jacob", "Camila", "Logan",
  "Luna", "Jackson", "Sofia", "Levi", "Avery", "Sebastian", "Mila", "Mateo", "Aria", "Jack",
  "Scarlett", "Owen", "Penelope", "Theodore", "Layla", "Aiden", "Chloe", "Samuel", "Victoria", "Joseph",
  "Madison", "John", "Eleanor", "David", "Grace", "Wyatt", "Nora", "Matthew", "Riley", "Luke",
  "Zoey", "Asher", "Hannah", "Carter", "Hazel", "Julian", "Lily", "Grayson", "Ellie", "Leo",
  "Violet", "Jayden", "Lillian", "Gabriel", "Zoe", "Isaac", "Stella", "Lincoln", "Aurora", "Anthony",
  "Natalie", "Hudson", "Emilia", "Dylan", "Everly", "Ezra", "Leah", "Thomas", "Aubrey", "Charles",
  "Willow", "Christopher", "Addison", "Jaxon", "Lucy", "Maverick", "Audrey", "Josiah", "Bella", "Isaiah",
  "Priya", "Arjun", "Mei", "Hiroshi", "Yuki", "Wei", "Fatima", "Omar", "Aisha", "Malik",
  "Imani", "Jamal", "Keisha", "Andre", "Rosa", "Diego", "Lucia", "Carlos", "Valentina", "Javier",
  "Ingrid", "Lars", "Siobhan", "Declan", "Anya", "Dmitri", "Nadia", "Tariq", "Leila", "Kwame",
  "Margaret", "Robert", "Patricia", "Richard", "Linda", "Susan", "Karen", "Paul", "Nancy", "Mark",
];

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
  "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
  "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
  "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
  "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
  "Chen", "Wang", "Tanaka", "Sato", "Singh", "Shah", "O'Brien", "McCarthy", "Kowalski", "Novak",
  "Okafor", "Mensah", "Haddad", "Nakamura", "Larsen", "Fischer", "Rossi", "Moreau", "Silva", "Costa",
];

interface City {
  city: string;
  zip: string;
}

interface State {
  name: string;
  code: string;
  /** Relative share of customers (roughly population, tilted toward the shop's home in New York). */
  weight: number;
  cities: City[];
}

const STATES: State[] = [
  { name: "New York", code: "NY", weight: 14, cities: [{ city: "New York", zip: "10011" }, { city: "Brooklyn", zip: "11215" }, { city: "Buffalo", zip: "14201" }, { city: "Rochester", zip: "14607" }, { city: "Ithaca", zip: "14850" }] },
  { name: "California", code: "CA", weight: 14, cities: [{ city: "Los Angeles", zip: "90026" }, { city: "San Francisco", zip: "94110" }, { city: "San Diego", zip: "92104" }, { city: "Oakland", zip: "94611" }, { city: "Sacramento", zip: "95816" }] },
  { name: "Texas", code: "TX", weight: 9, cities: [{ city: "Austin", zip: "78704" }, { city: "Houston", zip: "77006" }, { city: "Dallas", zip: "75204" }, { city: "San Antonio", zip: "78209" }] },
  { name: "Florida", code: "FL", weight: 7, cities: [{ city: "Miami", zip: "33137" }, { city: "Orlando", zip: "32803" }, { city: "Tampa", zip: "33606" }] },
  { name: "New Jersey", code: "NJ", weight: 5, cities: [{ city: "Jersey City", zip: "07302" }, { city: "Hoboken", zip: "07030" }, { city: "Princeton", zip: "08540" }, { city: "Montclair", zip: "07042" }] },
  { name: "Pennsylvania", code: "PA", weight: 5, cities: [{ city: "Philadelphia", zip: "19103" }, { city: "Pittsburgh", zip: "15213" }] },
  { name: "Massachusetts", code: "MA", weight: 4, cities: [{ city: "Boston", zip: "02116" }, { city: "Cambridge", zip: "02139" }, { city: "Somerville", zip: "02143" }] },
  { name: "Illinois", code: "IL", weight: 5, cities: [{ city: "Chicago", zip: "60614" }, { city: "Evanston", zip: "60201" }] },
  { name: "Washington", code: "WA", weight: 4, cities: [{ city: "Seattle", zip: "98103" }, { city: "Spokane", zip: "99201" }, { city: "Tacoma", zip: "98403" }] },
  { name: "Oregon", code: "OR", weight: 3, cities: [{ city: "Portland", zip: "97214" }, { city: "Eugene", zip: "97401" }] },
  { name: "Colorado", code: "CO", weight: 3, cities: [{ city: "Denver", zip: "80205" }, { city: "Boulder", zip: "80302" }] },
  { name: "Georgia", code: "GA", weight: 4, cities: [{ city: "Atlanta", zip: "30306" }, { city: "Savannah", zip: "31401" }] },
  { name: "North Carolina", code: "NC", weight: 4, cities: [{ city: "Raleigh", zip: "27601" }, { city: "Durham", zip: "27701" }, { city: "Asheville", zip: "28801" }, { city: "Charlotte", zip: "28203" }] },
  { name: "Virginia", code: "VA", weight: 3, cities: [{ city: "Richmond", zip: "23220" }, { city: "Arlington", zip: "22201" }] },
  { name: "Maryland", code: "MD", weight: 2, cities: [{ city: "Baltimore", zip: "21211" }] },
  { name: "Ohio", code: "OH", weight: 4, cities: [{ city: "Columbus", zip: "43215" }, { city: "Cleveland", zip: "44113" }, { city: "Cincinnati", zip: "45202" }] },
  { name: "Michigan", code: "MI", weight: 3, cities: [{ city: "Detroit", zip: "48226" }, { city: "Ann Arbor", zip: "48104" }, { city: "Grand Rapids", zip: "49503" }] },
  { name: "Minnesota", code: "MN", weight: 2, cities: [{ city: "Minneapolis", zip: "55408" }, { city: "Saint Paul", zip: "55105" }] },
  { name: "Wisconsin", code: "WI", weight: 2, cities: [{ city: "Milwaukee", zip: "53202" }, { city: "Madison", zip: "53703" }] },
  { name: "Tennessee", code: "TN", weight: 2, cities: [{ city: "Nashville", zip: "37206" }, { city: "Memphis", zip: "38104" }] },
  { name: "Arizona", code: "AZ", weight: 2, cities: [{ city: "Phoenix", zip: "85004" }, { city: "Tucson", zip: "85705" }] },
  { name: "Missouri", code: "MO", weight: 2, cities: [{ city: "St. Louis", zip: "63110" }, { city: "Kansas City", zip: "64111" }] },
  { name: "Connecticut", code: "CT", weight: 2, cities: [{ city: "New Haven", zip: "06511" }, { city: "Hartford", zip: "06105" }] },
  { name: "Vermont", code: "VT", weight: 1, cities: [{ city: "Burlington", zip: "05401" }] },
  { name: "Maine", code: "ME", weight: 1, cities: [{ city: "Portland", zip: "04101" }] },
  { name: "Utah", code: "UT", weight: 1, cities: [{ city: "Salt Lake City", zip: "84102" }] },
];

const STREET_NAMES = [
  "Maple", "Oak", "Cedar", "Elm", "Pine", "Washington", "Lake", "Hill", "Park", "Main",
  "Church", "High", "Walnut", "Chestnut", "Spruce", "Willow", "River", "Sunset", "Highland", "Franklin",
  "Jefferson", "Madison", "Lincoln", "Adams", "Center", "Mill", "Spring", "Union", "Prospect", "Ridge",
];
const STREET_SUFFIXES = ["St", "Ave", "Rd", "Ln", "Dr", "Blvd", "Ct", "Pl", "Way"];

/** A US street address in a weighted-random state. */
export function randomAddress(random: Random): SandboxAddress {
  const state = random.weighted(STATES, (s) => s.weight);
  const place = random.pick(state.cities);
  let address1 = `${random.int(1, 9899)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`;
  if (random.chance(0.2)) address1 += `, Apt ${random.int(1, 24)}${random.pick(["A", "B", "C", "D"])}`;
  return {
    address1,
    city: place.city,
    province: state.name,
    provinceCode: state.code,
    zip: place.zip,
    country: "United States",
    countryCode: "US",
  };
}

/** A fictional US phone number (555-0100..555-0199 never rings anyone). */
export function randomPhone(random: Random): string {
  const areaCodes = ["212", "718", "917", "415", "512", "312", "617", "206", "503", "303", "404", "919"];
  return `+1${random.pick(areaCodes)}5550${random.int(100, 199)}`;
}

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * A person with an email that no one else in the shop has. Emails look like the ones people
 * really use (first.last, flast, first_last...) on example.com/example.org; a clash gets "+N".
 */
export function randomPerson(random: Random, usedEmails: Set<string>): Person {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const first = firstName.toLowerCase().replace(/[^a-z]/g, "");
  const last = lastName.toLowerCase().replace(/[^a-z]/g, "");
  const style = random.next();
  let local: string;
  if (style < 0.45) local = `${first}.${last}`;
  else if (style < 0.6) local = `${first}${last}`;
  else if (style < 0.75) local = `${first[0]}${last}`;
  else if (style < 0.9) local = `${first}.${last}${random.int(60, 99)}`;
  else local = `${first}_${last}`;
  const domain = random.chance(0.7) ? "example.com" : "example.org";
  let email = `${local}@${domain}`;
  for (let n = 2; usedEmails.has(email); n++) email = `${local}+${n}@${domain}`;
  usedEmails.add(email);
  return { firstName, lastName, email };
}
