import { parseEnvironment, type Environment } from "./environment";

/** The environment, validated at import: the app stops at boot with a message naming what is wrong. */
export const env: Environment = parseEnvironment(process.env);

export { isPostgres } from "./environment";
