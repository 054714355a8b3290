package dev.ssokit.internal.metrics;

import dev.ssokit.spi.ProviderMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Times every call of one store or cache SPI and reports it to {@link ProviderMetrics#backendCall}:
 * one proxy for every SPI, so a new store method is measured without a line here.
 */
public final class MeteredBackend implements InvocationHandler {
  private final Object target;
  private final String prefix;
  private final ProviderMetrics.Backend backend;
  private final ProviderMetrics metrics;

  private MeteredBackend(Object target, String prefix, ProviderMetrics.Backend backend, ProviderMetrics metrics) {
    this.target = target;
    this.prefix = prefix;
    this.backend = backend;
    this.metrics = metrics;
  }

  /** {@code target} measured as {@code type}; {@code target} itself when nothing is measured. */
  public static <T> T wrap(Class<T> type, T target, ProviderMetrics.Backend backend, ProviderMetrics metrics) {
    if (target == null || metrics == ProviderMetrics.NONE) {
      return target;
    }
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new MeteredBackend(target, type.getSimpleName() + ".", backend, metrics)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    long start = System.nanoTime();
    boolean failed = true;
    try {
      Object result = method.invoke(target, args);
      failed = false;
      return result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      metrics.backendCall(backend, prefix + method.getName(), System.nanoTime() - start, failed);
    }
  }
}
