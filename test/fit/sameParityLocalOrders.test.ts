import t from 'tap';
import { observedLocalOrders, sameParityLocalOrders } from '../../src/fit/observedLocalOrders.js';

t.test('over unit steps the order is taken from n - 2; elsewhere from the previous width', async (t) => {
  // RMSE = n^-3, odd widths 1.5 times higher: two curves of the same slope.
  const ns = [4, 5, 6, 7, 8, 16, 17, 19];
  const rmse = ns.map((n) => n ** -3 * (n % 2 ? 1.5 : 1));
  const orders = sameParityLocalOrders(ns, rmse);
  t.same(
    orders.map((o) => [o.nFrom, o.nTo]),
    [
      [4, 6],
      [5, 7],
      [6, 8],
      [8, 16],
      [17, 19],
    ],
    '5 (after 4, no 3) and 17 (after 16, no 15) get no order; 16 <- 8 and 19 <- 17 step by more than one',
  );
  for (const o of orders) t.ok(Math.abs(o.order + 3) < 1e-12, `${o.nFrom} -> ${o.nTo}: ${o.order}`);
  const successive = observedLocalOrders(ns.slice(0, 5), rmse.slice(0, 5));
  t.ok(
    successive.every((o) => Math.abs(o.order + 3) > 1),
    `successive orders over unit steps mix the two curves: ${successive.map((o) => o.order.toFixed(2)).join(', ')}`,
  );
  t.same(sameParityLocalOrders([8], [1]), [], 'one width: no order');
});
