import type { LoaderFunctionArgs } from "@remix-run/node";
import { UpcomingSection } from "~/components/UpcomingSection";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function Loyalty() {
  return (
    <UpcomingSection
      title="Loyalty"
      summary="Points for purchases and actions, VIP tiers and rewards redeemed as single-use discount codes."
      points={["A ledger that never double-awards and claws back on refunds", "Tiers with automatic moves up and down", "A storefront widget and a thank-you page block"]}
    />
  );
}
