//! One stable sort for every list the app puts in order. `slice::sort_by` is compiled anew
//! for each element type and comparison: with the app's handful of sorted lists that was
//! about 27 KB of the .wasm's code (54 copies of the standard library's quicksort and
//! driftsort). Here the standard sort runs once, on positions, behind one comparison
//! through a reference; each list only pays for a small permutation.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|position| slots[position].take()),
    );
}

/// Sorts `items` by the key each one gives, keeping equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one copy of the standard sort.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_out_in_the_order_the_standard_sort_gives() {
        let words = [
            "pear", "fig", "apple", "kiwi", "plum", "date", "lime", "", "fig",
        ];
        let mut ours: Vec<&str> = words.to_vec();
        let mut std: Vec<&str> = words.to_vec();
        sort_by_key(&mut ours, |w| w.len());
        std.sort_by_key(|w| w.len());
        assert_eq!(ours, std, "equal lengths keep their order");
        sort_by(&mut ours, |a, b| b.cmp(a));
        std.sort_by(|a, b| b.cmp(a));
        assert_eq!(ours, std);
        let mut empty: Vec<String> = Vec::new();
        sort_by_key(&mut empty, |s| s.len());
        assert!(empty.is_empty());
    }
}
