;; The keyword search kernel (see keywordSearch.ts, which owns the memory layout and fills the tables).
;;
;; Finds every offset in [in, in + len) where a keyword starts, case-insensitively, and writes one i32
;; per hit to `out`: (offset relative to `in`) << 7 | keyword index. Returns the number of hits.
;;
;; 1. Sixteen offsets at a time with WebAssembly SIMD: each byte, folded with | 0x20, is split into its
;;    low and high nibble, and per-position nibble tables give the set of keyword buckets (one bit each,
;;    eight buckets) that byte can belong to; an offset is a candidate when the buckets of bytes 0, 1, 2
;;    and 3 intersect. Most text has no candidate at all in a block.
;; 2. A candidate's first three lower-cased bytes, hashed, index a small table of keyword groups (the
;;    keywords that start with bytes of that hash); the candidate is compared with each keyword of its group. No keyword
;;    contains another, so at most one keyword matches at an offset.
;;
;; The exported global `nonAscii` is set to a non-zero value when any byte of the input is 0x80 or above,
;; so a caller searching UTF-8 bytes in place knows whether byte offsets are also character offsets; when
;; they are not, `charOffsets` turns the byte offsets of the hits into UTF-16 offsets (and `utf16Length`
;; counts the UTF-16 code units of a stretch of bytes, for a caller searching a long text in chunks).
;;
;; Memory: [0, 256) lower-case table (bytes 0x80 and above map to 0, so they match no keyword);
;; [256, 384) nibble tables lo0 hi0 lo1 hi1 lo2 hi2 lo3 hi3; [512, 768) i32 address of each keyword group's list
;; (group 1 at 516); [768, 4096) the lists: for each
;; keyword, its length, its index and its lower-case bytes, and a zero length to end the list;
;; [4096, 4096 + 2^16) one byte per slot: the group of the keywords whose first three bytes hash to the
;; slot, or 0. The slot of (b0 << 14 | b1 << 7 | b2) is its product with 0x9e3779b1, top 16 bits; keys
;; that share a slot share a group, and the byte comparison sorts them out.
;; The caller leaves at least 32 zero bytes after the input, so the vector loads past its end read no
;; stale bytes.
(module
  (memory (export "memory") 1)
  (global $nonAscii (export "nonAscii") (mut i32) (i32.const 0))
  ;; The index of the keyword starting at $p (its group is $g), or -1.
  (func $keywordAt (param $p i32) (param $end i32) (param $g i32) (result i32)
    (local $q i32) (local $len i32) (local $j i32)
    (local.set $q (i32.load offset=512 (i32.shl (local.get $g) (i32.const 2))))
    (block $none
      (loop $keyword
        (local.set $len (i32.load8_u (local.get $q)))
        (br_if $none (i32.eqz (local.get $len)))
        (if (i32.le_u (i32.add (local.get $p) (local.get $len)) (local.get $end))
          (then
            (local.set $j (i32.const 0))
            (block $differs
              (loop $byte
                (if (i32.ge_u (local.get $j) (local.get $len))
                  (then (return (i32.load8_u offset=1 (local.get $q)))))
                (br_if $differs
                  (i32.ne (i32.load8_u (i32.load8_u (i32.add (local.get $p) (local.get $j))))
                          (i32.load8_u offset=2 (i32.add (local.get $q) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $byte)))))
        (local.set $q (i32.add (local.get $q) (i32.add (local.get $len) (i32.const 2))))
        (br $keyword)))
    (i32.const -1))
;; Rewrites the `count` hits at `out`, in increasing order, found by `scan` in UTF-8 text at `in`: each
  ;; offset becomes the number of UTF-16 code units the bytes before it decode to (valid UTF-8 assumed).
  ;; Every byte that is not a continuation byte (0x80-0xBF) starts one code unit, and a four-byte
  ;; sequence (lead byte 0xF0 and above) is two: offset - continuation bytes + four-byte leads. Sixteen
  ;; bytes at a time; reads at most 15 bytes past the last hit (inside the caller's zero padding).
  (func (export "charOffsets") (param $in i32) (param $out i32) (param $count i32)
    (local $h i32) (local $at i32) (local $hit i32) (local $b i32) (local $pos i32) (local $skip i32) (local $before i32)
    (local $v v128) (local $cont v128) (local $lead v128)
    ;; Signed, continuation bytes (-128 to -65) are below 0xC0 (-64); unsigned, four-byte leads are above 0xEF.
    (local.set $cont (i8x16.splat (i32.const 0xc0)))
    (local.set $lead (i8x16.splat (i32.const 0xef)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $h) (local.get $count)))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $h) (i32.const 2))))
        (local.set $hit (i32.load (local.get $at)))
        (local.set $b (i32.shr_u (local.get $hit) (i32.const 7)))
        ;; Whole blocks up to the block of the hit.
        (block $reached
          (loop $blocks
            (br_if $reached (i32.gt_u (i32.add (local.get $pos) (i32.const 16)) (local.get $b)))
            (local.set $v (v128.load (i32.add (local.get $in) (local.get $pos))))
            (local.set $skip
              (i32.add (local.get $skip)
                (i32.sub (i32.popcnt (i8x16.bitmask (i8x16.lt_s (local.get $v) (local.get $cont))))
                         (i32.popcnt (i8x16.bitmask (i8x16.gt_u (local.get $v) (local.get $lead)))))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 16)))
            (br $blocks)))
        ;; The bytes of that block before the hit.
        (local.set $v (v128.load (i32.add (local.get $in) (local.get $pos))))
        (local.set $before (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $b) (local.get $pos))) (i32.const 1)))
        (i32.store (local.get $at)
          (i32.or
            (i32.shl
              (i32.add
                (i32.sub (i32.sub (local.get $b) (local.get $skip))
                         (i32.popcnt (i32.and (local.get $before) (i8x16.bitmask (i8x16.lt_s (local.get $v) (local.get $cont))))))
                (i32.popcnt (i32.and (local.get $before) (i8x16.bitmask (i8x16.gt_u (local.get $v) (local.get $lead))))))
              (i32.const 7))
            (i32.and (local.get $hit) (i32.const 127))))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $next))))
;; The number of UTF-16 code units the bytes [in, in + len) decode to (valid UTF-8 assumed), counted
  ;; as in `charOffsets`; reads at most 15 bytes past the end.
  (func (export "utf16Length") (param $in i32) (param $len i32) (result i32)
    (local $pos i32) (local $skip i32) (local $tail i32) (local $v v128) (local $cont v128) (local $lead v128)
    (local.set $cont (i8x16.splat (i32.const 0xc0)))
    (local.set $lead (i8x16.splat (i32.const 0xef)))
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $pos) (i32.const 16)) (local.get $len)))
        (local.set $v (v128.load (i32.add (local.get $in) (local.get $pos))))
        (local.set $skip
          (i32.add (local.get $skip)
            (i32.sub (i32.popcnt (i8x16.bitmask (i8x16.lt_s (local.get $v) (local.get $cont))))
                     (i32.popcnt (i8x16.bitmask (i8x16.gt_u (local.get $v) (local.get $lead)))))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 16)))
        (br $blocks)))
    ;; The last, partial block: only its bytes before the end count.
    (local.set $v (v128.load (i32.add (local.get $in) (local.get $pos))))
    (local.set $tail (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $len) (local.get $pos))) (i32.const 1)))
    (i32.add
      (i32.sub (i32.sub (local.get $len) (local.get $skip))
               (i32.popcnt (i32.and (local.get $tail) (i8x16.bitmask (i8x16.lt_s (local.get $v) (local.get $cont))))))
      (i32.popcnt (i32.and (local.get $tail) (i8x16.bitmask (i8x16.gt_u (local.get $v) (local.get $lead)))))))
  (func (export "scan") (param $in i32) (param $len i32) (param $out i32) (param $cap i32) (result i32)
    (local $i i32) (local $end i32) (local $n i32) (local $bits i32) (local $p i32) (local $g i32) (local $k i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $m v128) (local $nib v128) (local $case v128)
    (local $high v128) (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    (local $lo3 v128) (local $hi3 v128)
    (local.set $nib (i8x16.splat (i32.const 15)))
    (local.set $case (i8x16.splat (i32.const 32)))
    ;; The tables live in locals: the loop stores hits to memory, so loads from it could not be hoisted.
    (local.set $lo0 (v128.load (i32.const 256)))
    (local.set $hi0 (v128.load (i32.const 272)))
    (local.set $lo1 (v128.load (i32.const 288)))
    (local.set $hi1 (v128.load (i32.const 304)))
    (local.set $lo2 (v128.load (i32.const 320)))
    (local.set $hi2 (v128.load (i32.const 336)))
    (local.set $lo3 (v128.load (i32.const 352)))
    (local.set $hi3 (v128.load (i32.const 368)))
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $i (local.get $in))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v0 (v128.or (v128.load (local.get $i)) (local.get $case)))
        ;; Bit 7 survives the case fold; bytes past the end are the caller's zero padding.
        (local.set $high (v128.or (local.get $high) (local.get $v0)))
        (local.set $v1 (v128.or (v128.load offset=1 (local.get $i)) (local.get $case)))
        (local.set $v2 (v128.or (v128.load offset=2 (local.get $i)) (local.get $case)))
        (local.set $v3 (v128.or (v128.load offset=3 (local.get $i)) (local.get $case)))
        (local.set $m
          (v128.and
            (v128.and
              (v128.and (i8x16.swizzle (local.get $lo2) (v128.and (local.get $v2) (local.get $nib)))
                        (i8x16.swizzle (local.get $hi2) (i8x16.shr_u (local.get $v2) (i32.const 4))))
              (v128.and (i8x16.swizzle (local.get $lo3) (v128.and (local.get $v3) (local.get $nib)))
                        (i8x16.swizzle (local.get $hi3) (i8x16.shr_u (local.get $v3) (i32.const 4)))))
            (v128.and
              (v128.and (i8x16.swizzle (local.get $lo0) (v128.and (local.get $v0) (local.get $nib)))
                        (i8x16.swizzle (local.get $hi0) (i8x16.shr_u (local.get $v0) (i32.const 4))))
              (v128.and (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v1) (local.get $nib)))
                        (i8x16.swizzle (local.get $hi1) (i8x16.shr_u (local.get $v1) (i32.const 4)))))))
        (if (v128.any_true (local.get $m))
          (then
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i32x4 0 0 0 0))))
            (block $lanesDone
              (loop $lane
                (br_if $lanesDone (i32.eqz (local.get $bits)))
                (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $bits))))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br_if $lanesDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $g
                  (i32.load8_u offset=4096
                    (i32.shr_u
                      (i32.mul
                        (i32.or
                          (i32.or
                            (i32.shl (i32.load8_u (i32.load8_u (local.get $p))) (i32.const 14))
                            (i32.shl (i32.load8_u (i32.load8_u offset=1 (local.get $p))) (i32.const 7)))
                          (i32.load8_u (i32.load8_u offset=2 (local.get $p))))
                        (i32.const 0x9e3779b1))
                      (i32.const 16))))
                (if (local.get $g)
                  (then
                    (local.set $k (call $keywordAt (local.get $p) (local.get $end) (local.get $g)))
                    (if (i32.ge_s (local.get $k) (i32.const 0))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                          (i32.or (i32.shl (i32.sub (local.get $p) (local.get $in)) (i32.const 7)) (local.get $k)))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))
                        (br_if $done (i32.ge_u (local.get $n) (local.get $cap)))))))
                (br $lane)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (global.set $nonAscii (i8x16.bitmask (local.get $high)))
    (local.get $n)))
