import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** Shopify opens the app at its URL with ?shop=...; everything else belongs in the admin. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response(
    "Encore is a Shopify app: open it from your store's admin (Apps > Encore).",
    { headers: { "Content-Type": "text/plain; charset=utf-8" } },
  );
};
