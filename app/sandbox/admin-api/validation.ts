// Parsing and validation against the real schema, with errors worded the way Shopify's
// (graphql-ruby) server words them, so code and tests that read error messages see what
// production would send. graphql-js finds the problems; this file only rewrites the common
// messages (unknown field, unknown/missing argument, missing or extra selections, bad variables).
import {
  GraphQLError,
  Kind,
  parse,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";

export interface ShopifyGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export type ParseResult = { document: DocumentNode } | { errors: ShopifyGraphQLError[] };

/** Static paths like Shopify's: ["query Name", "products", "nodes", "title"]. */
function staticPaths(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const stack: string[] = [];
  visit(document, {
    OperationDefinition: {
      enter(node) {
        stack.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
      },
      leave() {
        stack.pop();
      },
    },
    FragmentDefinition: {
      enter(node) {
        stack.push(`fragment ${node.name.value}`);
      },
      leave() {
        stack.pop();
      },
    },
    Field: {
      enter(node) {
        stack.push(node.name.value);
        paths.set(node, [...stack]);
      },
      leave() {
        stack.pop();
      },
    },
    Argument(node) {
      paths.set(node, [...stack, node.name.value]);
    },
  });
  return paths;
}

const stripModifiers = (type: string) => type.replace(/[[\]!]/g, "");

function rewrite(error: GraphQLError, paths: Map<ASTNode, string[]>): ShopifyGraphQLError {
  const locations = error.locations ? [...error.locations] : undefined;
  const path = error.nodes?.[0] ? paths.get(error.nodes[0]) : undefined;
  const base = { locations, ...(path ? { path } : {}) };
  let match: RegExpExecArray | null;

  if ((match = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message))) {
    const [, fieldName, typeName] = match;
    return { message: `Field '${fieldName}' doesn't exist on type '${typeName}'`, ...base, extensions: { code: "undefinedField", typeName, fieldName } };
  }
  if ((match = /^Field "(\w+)" of type "(.+?)" must have a selection of subfields\./.exec(error.message))) {
    const [, fieldName, type] = match;
    const typeName = stripModifiers(type);
    return {
      message: `Field must have selections (field '${fieldName}' returns ${typeName} but has no selections. Did you mean '${fieldName} { ... }'?)`,
      ...base,
      extensions: { code: "selectionMismatch", nodeName: `field '${fieldName}'`, typeName },
    };
  }
  if ((match = /^Field "(\w+)" must not have a selection since type "(.+?)" has no subfields\./.exec(error.message))) {
    const [, fieldName, type] = match;
    // graphql-js points at the offending selection set (or at the field holding it).
    const node = error.nodes?.[0];
    const selectionSet = node?.kind === Kind.SELECTION_SET ? node : node?.kind === Kind.FIELD ? node.selectionSet : undefined;
    const selected = selectionSet ? selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : "...")).join(", ") : "";
    return {
      message: `Selections can't be made on scalars (field '${fieldName}' returns ${stripModifiers(type)} but has selections [${selected}])`,
      ...base,
      extensions: { code: "selectionMismatch", nodeName: `field '${fieldName}'`, typeName: stripModifiers(type) },
    };
  }
  if ((match = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(error.message))) {
    const [, argumentName, fieldName] = match;
    return {
      message: `Field '${fieldName}' doesn't accept argument '${argumentName}'`,
      ...base,
      extensions: { code: "argumentNotAccepted", name: fieldName, typeName: "Field", argumentName },
    };
  }
  if ((match = /^Field "(\w+)" argument "(\w+)" of type "(.+?)" is required, but it was not provided\./.exec(error.message))) {
    const [, fieldName, argumentName] = match;
    return {
      message: `Field '${fieldName}' is missing required arguments: ${argumentName}`,
      ...base,
      extensions: { code: "missingRequiredArguments", className: "Field", name: fieldName, arguments: argumentName },
    };
  }
  if ((match = /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?\./.exec(error.message))) {
    const [, variableName, operation] = match;
    return {
      message: `Variable $${variableName} is declared by ${operation ?? "anonymous query"} but not used`,
      ...base,
      extensions: { code: "variableNotUsed", variableName },
    };
  }
  if ((match = /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?\./.exec(error.message))) {
    const [, variableName, operation] = match;
    return {
      message: `Variable $${variableName} is used by ${operation ?? "anonymous query"} but not declared`,
      ...base,
      extensions: { code: "variableNotDefined", variableName },
    };
  }
  return { message: error.message, ...base, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

/** Parses and validates `query`; errors come back in Shopify's shape (HTTP 200, no data). */
export function parseAndValidate(schema: GraphQLSchema, query: string): ParseResult {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const syntaxError = error as GraphQLError;
    const location = syntaxError.locations?.[0];
    const detail = syntaxError.message.replace(/^Syntax Error: /, "").replace(/\.$/, "").replace(/^Expected/, "expected").replace(/^Unexpected/, "unexpected");
    return {
      errors: [
        {
          message: location ? `syntax error, ${detail} at [${location.line}, ${location.column}]` : `syntax error, ${detail}`,
          ...(location ? { locations: [location] } : {}),
          extensions: { code: "PARSE_ERROR" },
        },
      ],
    };
  }
  const errors = validate(schema, document);
  if (errors.length === 0) return { document };
  const paths = staticPaths(document);
  return { errors: errors.map((error) => rewrite(error, paths)) };
}

/**
 * graphql-js reports bad variables while executing (no data); Shopify words them as
 * "Variable $x of type T! was provided invalid value[ for a.b (why)]" with code INVALID_VARIABLE.
 */
export function rewriteVariableErrors(
  errors: readonly GraphQLError[],
  document: DocumentNode,
  variables: Record<string, unknown>,
  schema?: GraphQLSchema,
): ShopifyGraphQLError[] {
  const variableTypes = new Map<string, string>();
  visit(document, {
    VariableDefinition(node) {
      const print = (type: typeof node.type): string =>
        type.kind === Kind.NON_NULL_TYPE ? `${print(type.type)}!` : type.kind === Kind.LIST_TYPE ? `[${print(type.type)}]` : type.name.value;
      variableTypes.set(node.variable.name.value, print(node.type));
    },
  });
  const NOT_NULL = "Expected value to not be null";
  return errors.map((error) => {
    let name: string;
    const path: string[] = [];
    let explanation = NOT_NULL;
    let match = /^Variable "\$(\w+)" (?:of required type "[^"]+" was not provided|of non-null type "[^"]+" must not be null)\.$/.exec(error.message);
    if (match) {
      name = match[1];
    } else if ((match = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s.exec(error.message))) {
      name = match[1];
      if (match[2]) path.push(...match[2].split(".").slice(1));
      const detail = match[3];
      let inner: RegExpExecArray | null;
      if ((inner = /^Field "(\w+)" of required type "[^"]+" was not provided\./.exec(detail))) {
        path.push(inner[1]);
      } else if ((inner = /^Field "(\w+)" is not defined by type "(\w+)"\./.exec(detail))) {
        path.push(inner[1]);
        explanation = `Field is not defined on ${inner[2]}`;
      } else if ((inner = /^Value "(.*?)" does not exist in "(\w+)" enum\./.exec(detail))) {
        const enumType = schema?.getType(inner[2]);
        const values = enumType && "getValues" in enumType ? enumType.getValues().map((v) => v.name).join(", ") : inner[2];
        explanation = `Expected "${inner[1]}" to be one of: ${values}`;
      } else if (!/^Expected non-nullable type/.test(detail)) {
        explanation = detail.replace(/ Did you mean .*$/s, "");
      }
    } else {
      return error.toJSON() as ShopifyGraphQLError;
    }
    const type = variableTypes.get(name) ?? "?";
    return {
      message: `Variable $${name} of type ${type} was provided invalid value${path.length ? ` for ${path.join(".")} (${explanation})` : ""}`,
      locations: error.locations ? [...error.locations] : undefined,
      extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems: [{ path, explanation }] },
    };
  });
}
