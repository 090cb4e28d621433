package dev.commitstats.ingest.git;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte arrays eight bytes at a time: read as little-endian longs, tested for a zero byte. */
final class Words {
  private Words() {}

  /** {@code (long) LONGS.get(bytes, i)}: bytes {@code i..i+7}, byte {@code i} the lowest. */
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The high bit of {@code w}'s lowest zero byte set, or 0 when none of its bytes is zero; bits of
   * bytes above the lowest zero one may be set too (a borrow), so only the lowest set bit counts.
   */
  static long zeroByte(long w) {
    return (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
  }
}
