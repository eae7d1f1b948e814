import type { LoaderFunctionArgs } from "@remix-run/node";
import { UpcomingSection } from "~/components/UpcomingSection";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function CrossSell() {
  return (
    <UpcomingSection
      title="Cross-sell"
      summary="&quot;Frequently bought together&quot; blocks on product and cart pages, mined from your own orders and steered by your rules."
      points={["Recommendations that update as orders arrive, each with its reason", "Pins, exclusions and collection, type, vendor or tag rules", "Optional bundle discount"]}
    />
  );
}
