package io.mailcellar.restore.prune;

import io.mailcellar.api.UnavailableException;
import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.BucketMissingException;
import io.mailcellar.mailbox.ArchivePurger;
import io.mailcellar.testsupport.MemoryObjectStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchivePurgeTest {

    /** Found by the API fuzz test: an unregistration with purgeArchive before any archiving answered 503. */
    @Test
    void aBucketThatDoesNotExistHoldsNothingToPurge() {
        MemoryObjectStore noBucket = new MemoryObjectStore() {
            @Override
            public synchronized List<ListedObject> listObjects(String prefix) {
                throw new BucketMissingException("S3 list failed: the store answered 404 NoSuchBucket",
                        "the bucket mailcellar does not exist", null);
            }
        };

        assertThat(new ArchivePurge(noBucket, new ArchiveLayout("")).purge("mb-1"))
                .isEqualTo(new ArchivePurger.Purged(0, 0));
    }

    @Test
    void aBucketThatFailsIsStillAnOutage() {
        MemoryObjectStore failing = new MemoryObjectStore() {
            @Override
            public synchronized List<ListedObject> listObjects(String prefix) {
                throw new ArchiveUnavailableException("S3 list failed: connection refused", null);
            }
        };

        assertThatThrownBy(() -> new ArchivePurge(failing, new ArchiveLayout("")).purge("mb-1"))
                .isInstanceOf(UnavailableException.class).hasMessageContaining("ask again");
    }
}
