;; The keyword search kernel (see keywordSearch.ts, which owns the memory layout and fills the tables).
;;
;; Finds every offset in [in, in + len) where the next three bytes may start a keyword, sixteen offsets
;; at a time with WebAssembly SIMD: each byte, folded with | 0x20, is split into its low and high nibble,
;; and per-position nibble tables give the set of keyword buckets (one bit each, eight buckets) that byte
;; can belong to; an offset is a candidate when the buckets of bytes 0, 1 and 2 intersect. Candidates are
;; then checked exactly against a bitset of the keywords' first three lower-cased bytes, and the
;; survivors' offsets (relative to `in`) are written to `out`. The caller verifies each one against the
;; keywords themselves, so this only has to never miss a keyword, and to miss most non-keywords.
;;
;; Memory: [0, 128) ASCII lower-case table; [128, 224) nibble tables lo0 hi0 lo1 hi1 lo2 hi2;
;; [1024, 1024 + 2^18) trigram bitset indexed by (b0 << 14 | b1 << 7 | b2). The caller leaves at least 32
;; zero bytes after the input, so the vector loads past its end read no stale bytes.
(module
  (memory (export "memory") 1)
  (func $fold (param $b i32) (result i32)
    (select (i32.load8_u (local.get $b)) (i32.const 0) (i32.lt_u (local.get $b) (i32.const 128))))
  (func (export "scan") (param $in i32) (param $len i32) (param $out i32) (param $cap i32) (result i32)
    (local $i i32) (local $end i32) (local $n i32) (local $bits i32) (local $p i32) (local $key i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $m v128) (local $nib v128) (local $case v128)
    (local.set $nib (i8x16.splat (i32.const 15)))
    (local.set $case (i8x16.splat (i32.const 32)))
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $i (local.get $in))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v0 (v128.or (v128.load (local.get $i)) (local.get $case)))
        (local.set $v1 (v128.or (v128.load offset=1 (local.get $i)) (local.get $case)))
        (local.set $v2 (v128.or (v128.load offset=2 (local.get $i)) (local.get $case)))
        (local.set $m
          (v128.and
            (v128.and
              (v128.and (i8x16.swizzle (v128.load (i32.const 128)) (v128.and (local.get $v0) (local.get $nib)))
                        (i8x16.swizzle (v128.load (i32.const 144)) (i8x16.shr_u (local.get $v0) (i32.const 4))))
              (v128.and (i8x16.swizzle (v128.load (i32.const 160)) (v128.and (local.get $v1) (local.get $nib)))
                        (i8x16.swizzle (v128.load (i32.const 176)) (i8x16.shr_u (local.get $v1) (i32.const 4)))))
            (v128.and (i8x16.swizzle (v128.load (i32.const 192)) (v128.and (local.get $v2) (local.get $nib)))
                      (i8x16.swizzle (v128.load (i32.const 208)) (i8x16.shr_u (local.get $v2) (i32.const 4))))))
        (if (v128.any_true (local.get $m))
          (then
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i32x4 0 0 0 0))))
            (block $lanesDone
              (loop $lane
                (br_if $lanesDone (i32.eqz (local.get $bits)))
                (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $bits))))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br_if $lanesDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $key
                  (i32.or
                    (i32.or
                      (i32.shl (call $fold (i32.load8_u (local.get $p))) (i32.const 14))
                      (i32.shl (call $fold (i32.load8_u offset=1 (local.get $p))) (i32.const 7)))
                    (call $fold (i32.load8_u offset=2 (local.get $p)))))
                (if (i32.and (i32.load8_u offset=1024 (i32.shr_u (local.get $key) (i32.const 3)))
                             (i32.shl (i32.const 1) (i32.and (local.get $key) (i32.const 7))))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.sub (local.get $p) (local.get $in)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $done (i32.ge_u (local.get $n) (local.get $cap)))))
                (br $lane)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (local.get $n)))
