import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";

/** Downloads one customers/data_request export, only ever for the signed-in shop. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await db.customerDataExport.findFirst({ where: { id: params.exportId ?? "", shop: session.shop } });
  if (!found) throw new Response("No such export for this store", { status: 404 });
  return new Response(found.payload, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-${found.customerId}-data.json"`,
    },
  });
};
