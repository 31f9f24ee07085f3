// Element access by index into linear memory: tensors are passed to the kernels as byte addresses
// (the Float32Array views of the JS side share this memory, see ../arena.ts).

/** Address of element i of a float32 / int32 tensor at p. */
@inline export function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 2);
}
@inline export function ldf(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}
@inline export function stf(p: usize, i: i32, x: f32): void {
  store<f32>(p + ((<usize>i) << 2), x);
}
@inline export function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}
@inline export function sti(p: usize, i: i32, x: i32): void {
  store<i32>(p + ((<usize>i) << 2), x);
}
/** Float32 element widened to float64 (exact). */
@inline export function ldd(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + ((<usize>i) << 2));
}
/** Sum of the four lanes, in a fixed order ((l0 + l1) + (l2 + l3)). */
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
/** Largest of the four lanes. */
@inline export function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}
