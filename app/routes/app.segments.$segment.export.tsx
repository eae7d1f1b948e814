import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { segmentFromSlug } from "~/insights/rfm";
import { segmentCsvFilename, segmentCsvStream } from "~/insights/segment-export.server";
import { authenticate } from "~/shopify.server";

/** The segment's customers as CSV, streamed, only ever the signed-in shop's. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const segment = segmentFromSlug(params.segment ?? "");
  if (!segment) return new Response(`There is no segment called "${params.segment}"`, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const shop = await db.shop.findUnique({ where: { domain: session.shop }, select: { currencyCode: true } });
  return new Response(segmentCsvStream(db, session.shop, segment, shop?.currencyCode ?? "USD"), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${segmentCsvFilename(segment, new Date())}"`,
      "Cache-Control": "no-store",
    },
  });
};
