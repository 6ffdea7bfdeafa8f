import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { type Instance, isSdkError } from 'alicloud-rx';
import { Subject, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { ECS_CLIENT } from './ecs-client.provider.js';

interface SearchResult {
  instances: Instance[];
  error?: string;
}

@Component({
  selector: 'app-instances',
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <input #name placeholder="Instance name" (input)="search(name.value)" />
    @if (result$ | async; as result) {
      @if (result.error) {
        <p class="error">{{ result.error }}</p>
      }
      <ul>
        @for (instance of result.instances; track instance.InstanceId) {
          <li>{{ instance.InstanceName }} ({{ instance.InstanceId }}): {{ instance.Status }}</li>
        }
      </ul>
    }
  `,
})
export class InstancesComponent {
  private readonly ecs = inject(ECS_CLIENT);
  private readonly terms = new Subject<string>();

  /**
   * Typeahead: one DescribeInstances per settled term. switchMap unsubscribes from the stale call,
   * which aborts its HTTP request (or takes it out of the pool's queue before it is sent). The async
   * pipe subscribes when the view renders and unsubscribes when it is destroyed.
   */
  readonly result$ = this.terms.pipe(
    debounceTime(250),
    map((term) => term.trim()),
    distinctUntilChanged(),
    startWith(''),
    switchMap((term) =>
      this.ecs.describeInstances$({ MaxResults: 50, ...(term ? { InstanceName: `*${term}*` } : {}) }).pipe(
        map((page): SearchResult => ({ instances: page.Instances.Instance })),
        catchError((error: unknown) =>
          of<SearchResult>({ instances: [], error: isSdkError(error) ? error.message : String(error) }),
        ),
      ),
    ),
  );

  search(term: string): void {
    this.terms.next(term);
  }
}
