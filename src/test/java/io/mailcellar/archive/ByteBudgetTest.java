package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteBudgetTest {

    private final ByteBudget budget = new ByteBudget(100);

    @Test
    void whatFitsIsGrantedAtOnceAndTheRestWhenBytesComeBackInOrder() {
        assertThat(budget.reserve(60)).isDone();
        CompletableFuture<Void> second = budget.reserve(50);
        CompletableFuture<Void> third = budget.reserve(10);
        assertThat(second).isNotDone();
        assertThat(third).as("in order: not ahead of the one waiting, though it would fit").isNotDone();

        budget.release(60);
        assertThat(second).isDone();
        assertThat(third).isDone();
        assertThat(budget.held()).isEqualTo(60);
    }

    @Test
    void aReservationLargerThanTheWholeBudgetGoesThroughAlone() {
        assertThat(budget.reserve(30)).isDone();
        CompletableFuture<Void> huge = budget.reserve(250);
        assertThat(huge).isNotDone();

        budget.release(30);
        assertThat(huge).isDone();
        assertThat(budget.reserve(1)).as("nothing beside it").isNotDone();
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new ByteBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
