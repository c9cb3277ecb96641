package io.shareledger.query.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each read model is one processing group of the same name: the registry, the API and the configuration agree. */
class ReadModelNamesTest {

    private static final List<String> PROJECTIONS = List.of(
            "io.shareledger.query.member.MemberProfileProjection",
            "io.shareledger.query.consent.ConsentProjection",
            "io.shareledger.query.share.ShareProjection",
            "io.shareledger.query.history.HistoryProjection");

    @Test
    void everyProcessingGroupIsAReadModelAndEveryReadModelAProcessingGroup() throws Exception {
        List<String> groups = PROJECTIONS.stream().map(ReadModelNamesTest::group).toList();
        assertThat(groups).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ReadModel.values()).map(ReadModel::modelName).toList());
    }

    @Test
    void schemasAndViewsAreNamedAfterTheReadModel() {
        assertThat(ReadModel.SHARES.schema(3)).isEqualTo("rm_shares_v3");
        assertThat(ReadModel.MEMBER_HISTORY.schema(1)).isEqualTo("rm_member_history_v1");
        assertThat(ReadModel.MEMBER_PROFILES.positionView()).isEqualTo("member_profiles_position");
        assertThat(ReadModel.named("no-such-model")).isEmpty();
    }

    @Test
    void theDdlFilesSplitIntoStatements() {
        assertThat(ReadModelSchemas.statements("""
                -- a comment; with a semicolon
                create table a (x int);

                create index a_idx on a (x);
                """)).containsExactly("create table a (x int)", "create index a_idx on a (x)");
    }

    private static String group(String className) {
        try {
            return Class.forName(className).getAnnotation(ProcessingGroup.class).value();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is gone", e);
        }
    }
}
