import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { SandboxContext, SandboxHandler } from "./sandbox-context";

/** Serves the sandbox's handlers over node:http using Web Fetch Request/Response objects. */
export function createSandboxHttpServer(context: SandboxContext, handlers: SandboxHandler[]): Server {
  return createServer((req, res) => {
    void handle(req, res, context, handlers);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, context: SandboxContext, handlers: SandboxHandler[]) {
  try {
    const request = toRequest(req, context.config.publicUrl);
    for (const handler of handlers) {
      const response = await handler(request, context);
      if (response) return await send(res, response);
    }
    await send(res, new Response(`The sandbox has no page at ${new URL(request.url).pathname}`, { status: 404 }));
  } catch (error) {
    console.error("sandbox: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("The sandbox failed to handle this request; see its log.");
  }
}

function toRequest(req: IncomingMessage, publicUrl: string): Request {
  const url = new URL(req.url ?? "/", publicUrl);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: hasBody ? "half" : undefined, // Node's fetch needs it for streamed request bodies
  });
}

async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (response.body) res.end(Buffer.from(await response.arrayBuffer()));
  else res.end();
}
