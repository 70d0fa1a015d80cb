package io.quiver.bench.crash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The crash test is only as good as its oracle: it must refuse every state a crash may not leave. */
class OracleTest {
  private static final float[] V1 = {1, 2};
  private static final float[] V2 = {3, 4};

  @Test
  void acknowledgedStateMustBeFound() {
    Oracle o = new Oracle();
    Oracle.State s1 = new Oracle.State(V1, 1);
    o.sent(7, s1);
    o.acknowledged(7, s1);
    assertThat(o.check(7, V1, 1)).isNull();
    assertThat(o.check(7, null, -1)).contains("point 7").contains("found nothing");
    assertThat(o.check(7, V2, 1)).isNotNull();
    assertThat(o.check(7, V1, 2)).contains("version 2");
  }

  @Test
  void anUnacknowledgedWriteMayOrMayNotHaveHappened() {
    Oracle withNew = new Oracle();
    Oracle.State s1 = new Oracle.State(V1, 1);
    Oracle.State s2 = new Oracle.State(V2, 2);
    withNew.acknowledged(7, s1);
    withNew.sent(7, s2);
    assertThat(withNew.check(7, V2, 2)).isNull();
    assertThat(withNew.acked(7)).isEqualTo(s2);

    Oracle withOld = new Oracle();
    withOld.acknowledged(7, s1);
    withOld.sent(7, s2);
    assertThat(withOld.check(7, V1, 1)).isNull();

    Oracle deleted = new Oracle();
    deleted.acknowledged(7, s1);
    deleted.sent(7, Oracle.State.ABSENT);
    assertThat(deleted.check(7, null, -1)).isNull();
  }

  @Test
  void anAcknowledgedDeleteMustStayDeletedAndNothingUnsentMayAppear() {
    Oracle o = new Oracle();
    o.acknowledged(7, new Oracle.State(V1, 1));
    o.acknowledged(7, Oracle.State.ABSENT);
    assertThat(o.check(7, V1, 1)).contains("found version 1").contains("left nothing");
    assertThat(o.check(8, V2, 5)).as("a point nobody wrote").isNotNull();
  }
}
