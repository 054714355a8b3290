package dev.ssokit.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code sso.bearer.paths} holds at least one entry, whether written as a
 * comma-separated value or as an indexed list (which {@code @ConditionalOnProperty} cannot see).
 * A blank entry matches too: {@link BearerPaths} then fails the start naming it, instead of the
 * API staying unprotected.
 */
final class OnBearerPathsCondition extends SpringBootCondition {
  static final String PROPERTY = SsoProperties.PREFIX + ".bearer.paths";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    List<String> paths = Binder.get(context.getEnvironment())
        .bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of());
    return !paths.isEmpty()
        ? ConditionOutcome.match(PROPERTY + " is " + paths)
        : ConditionOutcome.noMatch(PROPERTY + " is empty");
  }
}
